package dev.lossforge.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Moves a loss source into another package by rewriting its package declaration, keeping every
 * line where it was (so the sandbox's line numbers still point at the candidate's code): an
 * existing declaration is replaced in place, a missing one is put in front of the first line.
 *
 * <p>Only the declaration changes. A source that names its own class fully qualified
 * ({@code my.pkg.Loss.CONSTANT}) no longer compiles after the move; the sandbox then rejects it
 * with the line, and the export fails with that message.
 */
final class SourceRelocation {

    private SourceRelocation() {
    }

    /** The generated package of a source: {@code lossforge.export.c} + 16 hex digits of its SHA-256. */
    static String packageFor(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return LossJarLayout.PACKAGE_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The package the source declares, or "" for none. */
    static String declaredPackage(String source) {
        int start = firstToken(source);
        if (isPackageKeyword(source, start)) {
            int end = source.indexOf(';', start);
            if (end > 0) {
                return source.substring(start + 7, end).replaceAll("\\s+|/\\*.*?\\*/", "");
            }
        }
        return "";
    }

    private static boolean isPackageKeyword(String source, int at) {
        return source.startsWith("package", at) && at + 7 < source.length()
                && !Character.isJavaIdentifierPart(source.charAt(at + 7));
    }

    static String relocate(String source, String packageName) {
        int start = firstToken(source);
        if (isPackageKeyword(source, start)) {
            int end = source.indexOf(';', start);
            if (end > 0) {
                // keep the declaration's line breaks so that the lines after it do not move
                String old = source.substring(start, end + 1);
                String breaks = old.replaceAll("[^\\n]", "");
                return source.substring(0, start) + "package " + packageName + ";" + breaks + source.substring(end + 1);
            }
        }
        return "package " + packageName + "; " + source;
    }

    /** Offset of the first character that is not whitespace or inside a comment. */
    private static int firstToken(String source) {
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return i;
            }
        }
        return n;
    }
}
