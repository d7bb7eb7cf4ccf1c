package dev.lossforge.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRelocationTest {

    @Test
    void aSourceWithoutPackageGetsOneInFrontOfItsFirstLine() {
        String source = "import a.B;\n\npublic class X {}\n";
        assertThat(SourceRelocation.relocate(source, "p.q")).isEqualTo("package p.q; import a.B;\n\npublic class X {}\n");
        assertThat(SourceRelocation.declaredPackage(source)).isEmpty();
    }

    @Test
    void anExistingDeclarationIsReplacedInPlaceAfterComments() {
        String source = "/* licence\n   text */\n// note\npackage my.losses;\nimport a.B;\n";
        assertThat(SourceRelocation.relocate(source, "p.q"))
                .isEqualTo("/* licence\n   text */\n// note\npackage p.q;\nimport a.B;\n");
        assertThat(SourceRelocation.declaredPackage(source)).isEqualTo("my.losses");
    }

    @Test
    void aDeclarationOverSeveralLinesKeepsItsLineBreaks() {
        String source = "package my .\n   losses ;\npublic class X {}\n";
        assertThat(SourceRelocation.relocate(source, "p.q")).isEqualTo("package p.q;\n\npublic class X {}\n");
        assertThat(SourceRelocation.declaredPackage(source)).isEqualTo("my.losses");
    }

    @Test
    void anIdentifierStartingWithPackageIsNotADeclaration() {
        String source = "packaged x;";
        assertThat(SourceRelocation.relocate(source, "p")).isEqualTo("package p; packaged x;");
    }

    @Test
    void thePackageIsTheSourcesHash() {
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924...
        assertThat(SourceRelocation.packageFor("")).isEqualTo("lossforge.export.ce3b0c44298fc1c14");
        assertThat(SourceRelocation.packageFor("a")).isNotEqualTo(SourceRelocation.packageFor("b"));
    }
}
