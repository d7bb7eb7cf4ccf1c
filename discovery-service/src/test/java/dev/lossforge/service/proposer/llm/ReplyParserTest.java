package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyParserTest {

    private final ReplyParser parser = new ReplyParser();

    @Test
    void aPlainJsonObjectGivesItsThreeFields() throws Exception {
        ParsedReply reply = parser.parse(Sources.reply("Margins help.", "margin-logistic", Sources.MARGIN));

        assertThat(reply.thought()).isEqualTo("Margins help.");
        assertThat(reply.name()).isEqualTo("margin-logistic");
        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
        assertThat(reply.fixes()).isEmpty();
    }

    @Test
    void jsonInACodeFenceWithProseAroundIsFound() throws Exception {
        String text = "Sure! Here is my proposal.\n\n```json\n"
                + Sources.reply("Tempering smooths the logistic.", "tempered", Sources.TEMPERED)
                + "\n```\n\nLet me know how it does.";

        ParsedReply reply = parser.parse(text);

        assertThat(reply.name()).isEqualTo("tempered");
        assertThat(reply.code()).contains("private static final double TAU = 2.0;");
        assertThat(reply.thought()).isEqualTo("Tempering smooths the logistic.");
    }

    @Test
    void jsonBetweenProseWithoutAFenceIsFound() throws Exception {
        String text = "My idea follows. " + Sources.reply("t", "n", Sources.MARGIN) + " Thanks.";

        assertThat(parser.parse(text).code()).isEqualTo(Sources.MARGIN.strip());
    }

    @Test
    void trailingCommasAndRawLineBreaksInsideTheCodeStringAreRecovered() throws Exception {
        String text = "{\n  \"thought\": \"A margin.\",\n  \"name\": \"margin\",\n  \"code\": \""
                + Sources.MARGIN.replace("\"", "\\\"") + "\",\n}";

        ParsedReply reply = parser.parse(text);

        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
        assertThat(reply.name()).isEqualTo("margin");
    }

    @Test
    void unescapedQuotesInsideTheCodeStringAreRecovered() throws Exception {
        String code = "public class NeedsRewards implements PreferenceLoss {\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n"
                + "        if (!batch.hasRewards()) { throw new MissingInputException(\"needs rewards\"); }\n"
                + "        return Ops.softplus(batch.rewardRejected().sub(batch.rewardChosen()));\n"
                + "    }\n}";
        String text = "{\"thought\": \"Use the reward model.\", \"name\": \"reward-logistic\", \"code\": \"" + code + "\"}";

        ParsedReply reply = parser.parse(text);

        assertThat(reply.code()).contains("throw new MissingInputException(\"needs rewards\");");
        assertThat(reply.name()).isEqualTo("reward-logistic");
        assertThat(reply.thought()).isEqualTo("Use the reward model.");
    }

    @Test
    void codeGivenAsASeparateJavaBlockIsUsed() throws Exception {
        String text = "```json\n{\"thought\": \"A margin on the logits.\", \"name\": \"Margin Logistic\"}\n```\n\n"
                + "```java\n" + Sources.MARGIN + "```\n";

        ParsedReply reply = parser.parse(text);

        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
        assertThat(reply.name()).isEqualTo("margin-logistic");
        assertThat(reply.thought()).isEqualTo("A margin on the logits.");
        assertThat(reply.fixes()).contains("code taken from a fenced Java block");
    }

    @Test
    void onlyAJavaBlockTakesTheNameFromTheClassAndTheThoughtFromTheProse() throws Exception {
        String text = "I subtract a margin before the logistic.\n\n```java\n" + Sources.MARGIN + "```";

        ParsedReply reply = parser.parse(text);

        assertThat(reply.name()).isEqualTo("margin-logistic");
        assertThat(reply.thought()).isEqualTo("I subtract a margin before the logistic.");
        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
    }

    @Test
    void aCodeStringThatIsItselfFencedIsUnwrapped() throws Exception {
        ParsedReply reply = parser.parse(Sources.reply("t", "n", "```java\n" + Sources.MARGIN + "```"));

        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
    }

    @Test
    void reasoningInThinkTagsIsIgnored() throws Exception {
        String text = "<think>maybe {\"code\": \"nonsense\"} ... no</think>\n" + Sources.reply("t", "n", Sources.MARGIN);

        assertThat(parser.parse(text).code()).isEqualTo(Sources.MARGIN.strip());
    }

    @Test
    void missingStandardImportsAreAdded() throws Exception {
        String code = """
                public class Bare implements PreferenceLoss {
                    // NDArrays would be needed for where, but it is only mentioned here
                    public NDArray compute(PreferenceBatch batch) {
                        return Ops.softplus(Ops.logRatioDifference(batch).neg());
                    }
                }""";

        ParsedReply reply = parser.parse(Sources.reply("t", "bare", code));

        assertThat(reply.code()).startsWith("""
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.Ops;
                import dev.lossforge.loss.PreferenceBatch;
                import dev.lossforge.loss.PreferenceLoss;
                public class Bare""");
        assertThat(reply.code()).doesNotContain("import ai.djl.ndarray.NDArrays;");
        assertThat(reply.fixes()).singleElement().asString().startsWith("added imports:");
    }

    @Test
    void importsGoAfterThePackageLineAndWildcardImportsCount() throws Exception {
        String code = """
                package my.losses;

                import dev.lossforge.loss.*;

                public class Wild implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        return Ops.softplus(Ops.logRatioDifference(batch).neg());
                    }
                }""";

        ParsedReply reply = parser.parse(Sources.reply("t", "wild", code));

        assertThat(reply.code()).startsWith("package my.losses;\nimport ai.djl.ndarray.NDArray;\n\nimport dev.lossforge.loss.*;");
        assertThat(reply.code()).doesNotContain("import dev.lossforge.loss.Ops;");
    }

    @Test
    void aCompleteSourceIsLeftAsItIs() throws Exception {
        assertThat(parser.parse(Sources.reply("t", "dpo", Sources.DPO)).code()).isEqualTo(Sources.DPO.strip());
    }

    @Test
    void pythonInTheCodeFieldAsksForJava() {
        assertThatThrownBy(() -> parser.parse(Sources.reply("DPO in torch", "dpo-torch", Sources.PYTHON)))
                .isInstanceOf(UnusableReplyException.class)
                .hasMessageContaining("The code is Python. Write Java")
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.NOT_JAVA);
    }

    @Test
    void aPythonBlockWithoutJsonAsksForJava() {
        assertThatThrownBy(() -> parser.parse("Here is the loss:\n```python\n" + Sources.PYTHON + "```"))
                .isInstanceOf(UnusableReplyException.class)
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.NOT_JAVA);
    }

    @Test
    void proseWithoutCodeSaysWhatIsMissing() {
        assertThatThrownBy(() -> parser.parse("I think a margin would help, but I am not sure how to write it."))
                .isInstanceOf(UnusableReplyException.class)
                .hasMessageContaining("neither a JSON object with a \"code\" field nor a Java class")
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.NO_CODE);
    }

    @Test
    void brokenJsonWithoutCodeIsNoCode() {
        assertThatThrownBy(() -> parser.parse("{\"thought\": \"x\", \"name\": "))
                .isInstanceOf(UnusableReplyException.class)
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.NO_CODE);
    }

    @Test
    void codeLongerThanACandidateMayBeIsRefused() {
        String huge = Sources.MARGIN + "// filler\n".repeat(7_000);

        assertThatThrownBy(() -> parser.parse(Sources.reply("t", "huge", huge)))
                .isInstanceOf(UnusableReplyException.class)
                .hasMessageContaining("a loss may have at most 65536")
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.TOO_LONG);
    }

    @Test
    void anEmptyReplyIsEmpty() {
        assertThatThrownBy(() -> parser.parse("  \n "))
                .isInstanceOf(UnusableReplyException.class)
                .extracting(e -> ((UnusableReplyException) e).kind()).isEqualTo(UnusableReplyException.Kind.EMPTY);
    }

    @Test
    void plainJavaWithoutFenceOrJsonIsTakenFromItsFirstLine() throws Exception {
        ParsedReply reply = parser.parse("Here you go:\n" + Sources.MARGIN + "\nHope it helps.");

        assertThat(reply.code()).isEqualTo(Sources.MARGIN.strip());
    }

    @Test
    void namesAreNormalisedToKebabCase() {
        assertThat(ReplyParser.normaliseName("Tempered Margin_DPO")).isEqualTo("tempered-margin-dpo");
        assertThat(ReplyParser.normaliseName("SigmoidGatedLoss")).isEqualTo("sigmoid-gated-loss");
        assertThat(ReplyParser.normaliseName("  --x--  ")).isEqualTo("x");
        assertThat(ReplyParser.normaliseName("a".repeat(80))).hasSize(60);
    }
}
