package dev.lossforge.service.proposer.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small lexical views of Java source: without comments, without layout, and its hash. */
final class JavaText {

    private JavaText() {
    }

    /**
     * The source with comments removed and all whitespace outside string and character literals
     * dropped: two sources that differ only in comments, indentation or line breaks give the same
     * text.
     */
    static String normalised(String source) {
        return scan(source, true, false);
    }

    /** Hex SHA-256 of {@link #normalised(String)}: what code deduplication compares. */
    static String codeHash(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalised(source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The source with comments and the contents of string/char literals blanked (for name searches). */
    static String withoutCommentsAndStrings(String source) {
        return scan(source, false, true);
    }

    private static String scan(String s, boolean dropWhitespace, boolean blankLiterals) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                if (!dropWhitespace) {
                    out.append(' ');
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                if (!dropWhitespace) {
                    out.append(' ');
                }
            } else if (c == '"' || c == '\'') {
                int start = i;
                boolean textBlock = c == '"' && s.startsWith("\"\"\"", i);
                i += textBlock ? 3 : 1;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\\') {
                        i += 2;
                        continue;
                    }
                    if (textBlock ? s.startsWith("\"\"\"", i) : d == c || d == '\n') {
                        i += textBlock ? 3 : 1;
                        break;
                    }
                    i++;
                }
                i = Math.min(i, n);
                if (blankLiterals) {
                    out.append(c).append(c);
                } else {
                    out.append(s, start, i);
                }
            } else if (Character.isWhitespace(c)) {
                if (!dropWhitespace) {
                    out.append(c);
                }
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
