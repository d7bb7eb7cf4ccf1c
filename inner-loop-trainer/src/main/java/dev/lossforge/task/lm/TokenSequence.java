package dev.lossforge.task.lm;

import java.util.Arrays;

/**
 * Token ids of a prompt followed by its response. Scoring and supervised training count the
 * response tokens only: {@code tokens[promptLength..]}, each predicted from everything before it.
 *
 * @param tokens       prompt then response
 * @param promptLength how many leading tokens are the prompt (at least 1: the first token is
 *                     never predicted)
 */
public record TokenSequence(int[] tokens, int promptLength) {

    public TokenSequence {
        if (promptLength < 1 || promptLength > tokens.length) {
            throw new IllegalArgumentException("prompt length " + promptLength + " outside 1.." + tokens.length);
        }
    }

    public static TokenSequence of(int[] prompt, int[] response) {
        int[] tokens = Arrays.copyOf(prompt, prompt.length + response.length);
        System.arraycopy(response, 0, tokens, prompt.length, response.length);
        return new TokenSequence(tokens, prompt.length);
    }

    public int length() {
        return tokens.length;
    }

    public int responseLength() {
        return tokens.length - promptLength;
    }

    public int[] prompt() {
        return Arrays.copyOf(tokens, promptLength);
    }

    public int[] response() {
        return Arrays.copyOfRange(tokens, promptLength, tokens.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSequence other && promptLength == other.promptLength && Arrays.equals(tokens, other.tokens);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + promptLength;
    }

    @Override
    public String toString() {
        return "TokenSequence" + Arrays.toString(tokens) + "/" + promptLength;
    }
}
