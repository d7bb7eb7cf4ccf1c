package dev.lossforge.service.proposer.llm;

/**
 * Estimates how many tokens a text costs, without a tokenizer for every provider's model. It
 * follows how BPE tokenizers split: a word (split at camelCase humps) is one token per six
 * letters, digits go in threes, each punctuation mark is a token, a line break with its
 * indentation is one token and other spaces ride along with the next word. It is meant to err
 * on the high side, the safe side for a limit; see {@code prompts/README.md} for how it compares
 * with a real tokenizer.
 */
public final class TokenEstimator {

    public int estimate(CharSequence text) {
        int tokens = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int start = i;
                i++;
                while (i < n && Character.isLetter(text.charAt(i))
                        && !(Character.isUpperCase(text.charAt(i)) && Character.isLowerCase(text.charAt(i - 1)))) {
                    i++;
                }
                tokens += (i - start + 5) / 6;
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                tokens += (i - start + 2) / 3;
            } else if (Character.isWhitespace(c)) {
                boolean lineBreak = false;
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    lineBreak |= text.charAt(i) == '\n';
                    i++;
                }
                if (lineBreak) {
                    tokens++;
                }
            } else {
                tokens++;
                i++;
            }
        }
        return tokens;
    }
}
