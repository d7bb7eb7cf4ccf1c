package dev.lossforge.task.tinylm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny language of one-line film reviews, word-level, with a sentiment that the words carry:
 * {@code the plot was not very boring but the music seemed awful .}
 *
 * <p>A review is one to three clauses joined by {@code and}, {@code but} or {@code while}, each
 * {@code DET NOUN VERB [not] [ADVERB] ADJECTIVE}. Every review has a mood (mostly positive,
 * mixed or mostly negative) that decides each clause's sentiment; a clause expresses it directly
 * ("great") or by negating the opposite ("not boring"), and {@code but}/{@code while} mostly join
 * clauses of opposite sentiment. A model trained on it learns all of that, and the programmatic
 * {@link #sentiment sentiment score} reads it back.
 */
final class ReviewGrammar {

    static final int PAD = 0;
    static final int BOS = 1;
    static final int EOS = 2;

    private static final String[] DETERMINERS = {"the", "this"};
    private static final String[] NOUNS = {"movie", "film", "plot", "acting", "story", "ending", "cast", "script",
            "music", "dialogue", "pacing", "camera"};
    private static final String[] VERBS = {"was", "is", "felt", "seemed"};
    private static final String[] ADVERBS = {"really", "very", "quite", "truly", "so"};
    private static final String[] POSITIVE = {"great", "wonderful", "brilliant", "fun", "moving", "beautiful", "superb",
            "charming", "clever", "delightful"};
    private static final String[] NEGATIVE = {"awful", "boring", "terrible", "dull", "bad", "weak", "messy", "painful",
            "bland", "silly"};
    private static final String[] NEUTRAL = {"long", "short", "slow", "simple", "quiet", "loud"};
    private static final String[] CONJUNCTIONS = {"and", "but", "while"};
    private static final String NOT = "not";
    private static final String STOP = ".";

    /** Probability that a clause of a mostly-positive, mixed or mostly-negative review is positive. */
    private static final double[] MOODS = {0.85, 0.5, 0.15};
    private static final double NEUTRAL_CLAUSE = 0.2;
    private static final double NEGATED = 0.2;
    private static final double INTENSIFIED = 0.3;
    private static final double FITTING_CONJUNCTION = 0.8;
    /** Probability of one, two and three clauses. */
    private static final double[] CLAUSES = {0.3, 0.45, 0.25};

    private static final List<String> WORDS = new ArrayList<>();
    private static final Map<String, Integer> IDS = new HashMap<>();
    private static final int[] POLARITY;
    private static final int NOT_ID;

    static {
        for (String special : new String[] {"<pad>", "<bos>", "<eos>"}) {
            add(special);
        }
        for (String[] group : new String[][] {DETERMINERS, NOUNS, VERBS, ADVERBS, POSITIVE, NEGATIVE, NEUTRAL,
                CONJUNCTIONS, {NOT, STOP}}) {
            Arrays.stream(group).forEach(ReviewGrammar::add);
        }
        POLARITY = new int[WORDS.size()];
        Arrays.stream(POSITIVE).forEach(w -> POLARITY[IDS.get(w)] = 1);
        Arrays.stream(NEGATIVE).forEach(w -> POLARITY[IDS.get(w)] = -1);
        NOT_ID = IDS.get(NOT);
    }

    private ReviewGrammar() {
    }

    private static void add(String word) {
        IDS.put(word, WORDS.size());
        WORDS.add(word);
    }

    static int vocabularySize() {
        return WORDS.size();
    }

    /** The longest review: BOS, three clauses of six words, two conjunctions, the stop, EOS. */
    static int longestReview() {
        return 1 + 3 * 6 + 2 + 1 + 1;
    }

    /** {@code <bos>} review {@code <eos>}. */
    static int[] review(SplittableRandom random) {
        List<Integer> tokens = new ArrayList<>();
        tokens.add(BOS);
        double mood = MOODS[random.nextInt(MOODS.length)];
        int clauses = pick(CLAUSES, random) + 1;
        int previous = 0;
        for (int c = 0; c < clauses; c++) {
            int sentiment = random.nextDouble() < NEUTRAL_CLAUSE ? 0 : random.nextDouble() < mood ? 1 : -1;
            if (c > 0) {
                boolean contrast = previous * sentiment < 0;
                boolean fitting = random.nextDouble() < FITTING_CONJUNCTION;
                String conjunction = contrast == fitting ? (random.nextBoolean() ? "but" : "while") : "and";
                tokens.add(IDS.get(conjunction));
            }
            clause(sentiment, random, tokens);
            previous = sentiment;
        }
        tokens.add(IDS.get(STOP));
        tokens.add(EOS);
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void clause(int sentiment, SplittableRandom random, List<Integer> tokens) {
        tokens.add(word(DETERMINERS, random));
        tokens.add(word(NOUNS, random));
        tokens.add(word(VERBS, random));
        boolean negated = sentiment != 0 && random.nextDouble() < NEGATED;
        if (negated) {
            tokens.add(NOT_ID);
        }
        if (random.nextDouble() < INTENSIFIED) {
            tokens.add(word(ADVERBS, random));
        }
        String[] adjectives = sentiment == 0 ? NEUTRAL : (sentiment > 0) != negated ? POSITIVE : NEGATIVE;
        tokens.add(word(adjectives, random));
    }

    private static int word(String[] group, SplittableRandom random) {
        return IDS.get(group[random.nextInt(group.length)]);
    }

    private static int pick(double[] probabilities, SplittableRandom random) {
        double u = random.nextDouble();
        for (int i = 0; i < probabilities.length - 1; i++) {
            u -= probabilities[i];
            if (u < 0) {
                return i;
            }
        }
        return probabilities.length - 1;
    }

    /**
     * The sentiment of the adjectives from position {@code from} on: +1 for each positive one,
     * -1 for each negative one, the sign flipped when {@code not} stands before it in its clause
     * ("not boring" counts +1). Context before {@code from} still decides negation.
     */
    static int sentiment(int[] tokens, int from) {
        int score = 0;
        for (int i = Math.max(from, 0); i < tokens.length; i++) {
            int polarity = POLARITY[tokens[i]];
            if (polarity == 0) {
                continue;
            }
            // "not" is one or two words back: "not great", "not very great"
            boolean negated = i >= 1 && tokens[i - 1] == NOT_ID || i >= 2 && tokens[i - 2] == NOT_ID;
            score += negated ? -polarity : polarity;
        }
        return score;
    }

    static int id(String word) {
        Integer id = IDS.get(word);
        if (id == null) {
            throw new IllegalArgumentException("not a word of the review grammar: " + word);
        }
        return id;
    }

    static String text(int[] tokens) {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(token));
        }
        return text.toString();
    }
}
