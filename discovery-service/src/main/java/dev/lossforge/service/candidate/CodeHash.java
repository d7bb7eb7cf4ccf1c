package dev.lossforge.service.candidate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a source with comments removed and whitespace collapsed, so that re-indented or
 * re-commented copies of one loss hash alike. String and character literals are kept verbatim.
 */
public final class CodeHash {

    private CodeHash() {
    }

    public static String of(String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalise(code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String normalise(String code) {
        StringBuilder out = new StringBuilder(code.length());
        boolean pendingSpace = false;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = true;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                pendingSpace = true;
            } else if (Character.isWhitespace(c)) {
                pendingSpace = true;
                i++;
            } else if (c == '"' || c == '\'') {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                int start = i++;
                while (i < n && code.charAt(i) != c) {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
                out.append(code, start, i);
            } else {
                if (pendingSpace && out.length() > 0) {
                    out.append(' ');
                }
                pendingSpace = false;
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
