package dev.lossforge.task.tinylm;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewGrammarTest {

    private static int[] words(String text) {
        return Arrays.stream(text.split(" ")).mapToInt(ReviewGrammar::id).toArray();
    }

    @Test
    void scoresSentimentWithNegation() {
        assertThat(ReviewGrammar.sentiment(words("the film was great ."), 0)).isEqualTo(1);
        assertThat(ReviewGrammar.sentiment(words("the film was not great ."), 0)).isEqualTo(-1);
        assertThat(ReviewGrammar.sentiment(words("the plot was not very boring but the music seemed awful ."), 0)).isEqualTo(0);
        assertThat(ReviewGrammar.sentiment(words("the cast was truly superb and this story is fun ."), 0)).isEqualTo(2);
        assertThat(ReviewGrammar.sentiment(words("the ending felt slow ."), 0)).isEqualTo(0);
    }

    @Test
    void countsOnlyFromTheGivenPositionButReadsNegationBeforeIt() {
        int[] tokens = words("the movie was not great and the acting was bad .");
        // words 0-3 ("the movie was not") are the prompt: "great" is negated by it
        assertThat(ReviewGrammar.sentiment(tokens, 4)).isEqualTo(-2);
        // from "acting" on, only "bad" counts
        assertThat(ReviewGrammar.sentiment(tokens, 7)).isEqualTo(-1);
    }

    @Test
    void reviewsAreWellFormedAndVaried() {
        SplittableRandom random = new SplittableRandom(1);
        int positive = 0;
        int negative = 0;
        for (int i = 0; i < 2000; i++) {
            int[] review = ReviewGrammar.review(random);
            assertThat(review[0]).isEqualTo(ReviewGrammar.BOS);
            assertThat(review[review.length - 1]).isEqualTo(ReviewGrammar.EOS);
            assertThat(review[review.length - 2]).isEqualTo(ReviewGrammar.id("."));
            assertThat(review.length).isBetween(7, ReviewGrammar.longestReview());
            String text = ReviewGrammar.text(review);
            assertThat(text).matches("<bos> (the|this) \\w+ (was|is|felt|seemed) .*\\. <eos>");
            int score = ReviewGrammar.sentiment(review, 0);
            positive += score > 0 ? 1 : 0;
            negative += score < 0 ? 1 : 0;
        }
        // the three moods are equally likely: both signs are common
        assertThat(positive).isBetween(600, 1000);
        assertThat(negative).isBetween(600, 1000);
    }
}
