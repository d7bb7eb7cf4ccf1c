package dev.lossforge.task.hh;

import dev.lossforge.task.lm.TokenSequence;

import java.nio.charset.StandardCharsets;

/**
 * Bytes of UTF-8 text as tokens 0–255, plus {@link #BOS} before the prompt and {@link #EOS} after
 * a response that fits whole. The prompt keeps its end (the turn being answered) and the response
 * its start (where the difference between two answers usually shows first).
 */
final class ByteTokenizer {

    static final int BOS = 256;
    static final int EOS = 257;
    static final int VOCABULARY = 258;

    private final int promptBytes;
    private final int responseBytes;

    ByteTokenizer(int promptBytes, int responseBytes) {
        this.promptBytes = promptBytes;
        this.responseBytes = responseBytes;
    }

    /** The longest sequence this tokenizer makes. */
    int longest() {
        return 1 + promptBytes + responseBytes + 1;
    }

    TokenSequence encode(String prompt, String response) {
        byte[] p = prompt.getBytes(StandardCharsets.UTF_8);
        byte[] r = response.getBytes(StandardCharsets.UTF_8);
        int promptStart = Math.max(0, p.length - promptBytes);
        int promptLength = p.length - promptStart;
        boolean whole = r.length <= responseBytes;
        int responseLength = Math.min(r.length, responseBytes);
        int[] tokens = new int[1 + promptLength + responseLength + (whole ? 1 : 0)];
        tokens[0] = BOS;
        for (int i = 0; i < promptLength; i++) {
            tokens[1 + i] = p[promptStart + i] & 0xff;
        }
        for (int i = 0; i < responseLength; i++) {
            tokens[1 + promptLength + i] = r[i] & 0xff;
        }
        if (whole) {
            tokens[tokens.length - 1] = EOS;
        }
        return new TokenSequence(tokens, 1 + promptLength);
    }
}
