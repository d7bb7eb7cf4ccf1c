package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaTextTest {

    @Test
    void commentsAndLayoutDoNotChangeTheHash() {
        String reformatted = "// my favourite loss\n" + Sources.MARGIN
                .replace("    ", "\t")
                .replace("public class", "/* tuned */ public   class")
                .replace(";\n", "; // end\n");

        assertThat(JavaText.codeHash(reformatted)).isEqualTo(JavaText.codeHash(Sources.MARGIN));
    }

    @Test
    void aDifferentConstantChangesTheHash() {
        assertThat(JavaText.codeHash(Sources.MARGIN.replace("0.5", "0.25"))).isNotEqualTo(JavaText.codeHash(Sources.MARGIN));
    }

    @Test
    void whitespaceAndCommentMarkersInsideStringLiteralsAreKept() {
        String a = "class A { String s = \"a // b\"; }";
        String b = "class A { String s = \"a //b\"; }";

        assertThat(JavaText.normalised(a)).isEqualTo("classA{Strings=\"a // b\";}");
        assertThat(JavaText.codeHash(a)).isNotEqualTo(JavaText.codeHash(b));
    }

    @Test
    void literalsAreBlankedForNameSearches() {
        assertThat(JavaText.withoutCommentsAndStrings("x(\"NDArray\"); // Ops\n/* Shape */ y"))
                .isEqualTo("x(\"\");  \n  y");
    }
}
