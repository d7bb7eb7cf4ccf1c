package dev.lossforge.task.hh;

import dev.lossforge.task.lm.TokenSequence;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteTokenizerAndSplitTest {

    @Test
    void keepsThePromptsEndAndTheResponsesStart() {
        ByteTokenizer tokenizer = new ByteTokenizer(4, 3);

        TokenSequence cut = tokenizer.encode("abcdef", "XYZW");
        assertThat(cut.tokens()).containsExactly(ByteTokenizer.BOS, 'c', 'd', 'e', 'f', 'X', 'Y', 'Z');
        assertThat(cut.promptLength()).isEqualTo(5);

        // a response that fits whole ends with EOS; a short prompt is kept whole
        TokenSequence whole = tokenizer.encode("ab", "é");
        assertThat(whole.tokens()).containsExactly(ByteTokenizer.BOS, 'a', 'b', 0xc3, 0xa9, ByteTokenizer.EOS);
        assertThat(whole.responseLength()).isEqualTo(3);
        assertThat(tokenizer.longest()).isEqualTo(9);
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        PairSplit a = PairSplit.of(100, 0.2, 42);
        PairSplit b = PairSplit.of(100, 0.2, 42);
        PairSplit c = PairSplit.of(100, 0.2, 13);

        assertThat(a.heldOut()).hasSize(20).isEqualTo(b.heldOut());
        assertThat(a.train()).hasSize(80).isEqualTo(b.train());
        assertThat(c.heldOut()).isNotEqualTo(a.heldOut());
        int[] all = IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.heldOut())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 100).toArray());
    }

    @Test
    void tinyFilesKeepOnePairOnEachSide() {
        assertThat(PairSplit.of(2, 0.2, 1).heldOut()).hasSize(1);
        assertThat(PairSplit.of(3, 0.9, 1).train()).hasSize(1);
        assertThatThrownBy(() -> PairSplit.of(1, 0.2, 1)).isInstanceOf(PairFileException.class)
                .hasMessageContaining("at least 2 pairs");
    }
}
