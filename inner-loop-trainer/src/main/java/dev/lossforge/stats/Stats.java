package dev.lossforge.stats;

/**
 * Small-sample statistics for fitness over a handful of seeds: mean, sample standard deviation,
 * Student-t confidence intervals and the paired t-test. The t distribution is computed here
 * (regularised incomplete beta function by Lentz's continued fraction, log-gamma by Lanczos'
 * series), so no statistics library is needed.
 *
 * <p>Values that cannot be computed (a standard deviation of one value, say) are {@code NaN},
 * never an exception: a campaign with one finished seed still shows its mean.
 */
public final class Stats {

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;

    private Stats() {
    }

    /** The mean, standard deviation and 95% interval of some values. */
    public record Summary(int n, double mean, double standardDeviation, double ciHalfWidth) {

        public double ciLow() {
            return mean - ciHalfWidth;
        }

        public double ciHigh() {
            return mean + ciHalfWidth;
        }
    }

    /**
     * A paired comparison of two measurements on the same seeds, {@code a - b}.
     *
     * @param n              pairs
     * @param meanDifference mean of a_i - b_i
     * @param standardDeviation sample standard deviation of the differences
     * @param ciHalfWidth    half-width of the 95% Student-t interval of the mean difference
     * @param t              the t statistic (infinite when every difference is the same non-zero value)
     * @param pValue         two-sided p-value of "no difference" (1 when every difference is zero)
     */
    public record PairedTest(int n, double meanDifference, double standardDeviation, double ciHalfWidth, double t,
                             double pValue) {

        public double ciLow() {
            return meanDifference - ciHalfWidth;
        }

        public double ciHigh() {
            return meanDifference + ciHalfWidth;
        }
    }

    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (divisor n - 1); NaN for fewer than two values. */
    public static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }

    /** Half-width of the 95% confidence interval of the mean, t quantile with n - 1 degrees of freedom. */
    public static double ci95HalfWidth(double[] values) {
        return ciHalfWidth(values, 0.95);
    }

    /** Half-width of the two-sided confidence interval of the mean at {@code level} (0 to 1). */
    public static double ciHalfWidth(double[] values, double level) {
        if (values.length < 2) {
            return Double.NaN;
        }
        int df = values.length - 1;
        return tQuantile(0.5 + level / 2, df) * standardDeviation(values) / Math.sqrt(values.length);
    }

    public static Summary summarize(double[] values) {
        return new Summary(values.length, mean(values), standardDeviation(values), ci95HalfWidth(values));
    }

    /**
     * Paired t-test of {@code a - b} (both measured on the same seeds, in the same order).
     *
     * @throws IllegalArgumentException when the arrays differ in length or have fewer than two entries
     */
    public static PairedTest pairedTTest(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in size: " + a.length + " and " + b.length);
        }
        if (a.length < 2) {
            throw new IllegalArgumentException("a paired t-test needs at least 2 pairs, got " + a.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        int df = d.length - 1;
        double mean = mean(d);
        double sd = standardDeviation(d);
        double se = sd / Math.sqrt(d.length);
        double t;
        double p;
        if (se == 0) {
            t = mean == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean);
            p = mean == 0 ? 1 : 0;
        } else {
            t = mean / se;
            p = twoSidedP(t, df);
        }
        return new PairedTest(d.length, mean, sd, tQuantile(0.975, df) * se, t, p);
    }

    /** Two-sided p-value of a t statistic: P(|T| >= |t|). */
    public static double twoSidedP(double t, double df) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** P(T &lt;= t) for Student's t with {@code df} degrees of freedom (df &gt; 0, not necessarily whole). */
    public static double tCdf(double t, double df) {
        requirePositive(df);
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (t == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (t == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        double tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
        return t > 0 ? 1 - tail : tail;
    }

    /** The t with P(T &lt;= t) = p, for 0 &lt; p &lt; 1. */
    public static double tQuantile(double p, double df) {
        requirePositive(df);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be strictly between 0 and 1, got " + p);
        }
        if (p == 0.5) {
            return 0;
        }
        if (p < 0.5) {
            return -tQuantile(1 - p, df);
        }
        // the CDF is increasing: bracket the root, then bisect to the last bit
        double low = 0;
        double high = 1;
        while (tCdf(high, df) < p) {
            low = high;
            high *= 2;
            if (high > 1e300) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 2000 && high - low > 1e-15 * Math.max(1, high); i++) {
            double mid = 0.5 * (low + high);
            if (tCdf(mid, df) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }

    /** I_x(a, b), the regularised incomplete beta function, for 0 &lt;= x &lt;= 1 and a, b &gt; 0. */
    public static double regularizedIncompleteBeta(double x, double a, double b) {
        requirePositive(a);
        requirePositive(b);
        if (Double.isNaN(x) || x < 0 || x > 1) {
            throw new IllegalArgumentException("x must be between 0 and 1, got " + x);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        // the continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaContinuedFraction(1 - x, b, a) / b;
    }

    /** Lentz's evaluation of the continued fraction of I_x(a, b) (Numerical Recipes, betacf). */
    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        if (Math.abs(d) < TINY) {
            d = TINY;
        }
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        return h;
    }

    /** log Gamma(x) for x &gt; 0: Lanczos approximation (g = 7, 9 terms), about 15 significant digits. */
    public static double logGamma(double x) {
        requirePositive(x);
        if (x < 0.5) {
            // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double[] coefficients = {
                0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        double z = x - 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.length; i++) {
            sum += coefficients[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static void requirePositive(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("must be above 0, got " + value);
        }
    }
}
