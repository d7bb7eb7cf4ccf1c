package dev.lossforge.bench;

import ai.djl.ndarray.NDManager;
import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench sandbox}: how long the sandbox takes to compile and validate a typical loss, cold
 * (the first time in this JVM) and warm (median of many), against compiling the same class in
 * memory with the JDK's compiler (javax.tools).
 */
final class SandboxBench implements BenchTarget {

    /** A typical proposer answer: DPO-like, a helper method, two tunable constants, about 30 lines. */
    static final String TYPICAL_LOSS = """
            package lossforge.bench;

            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            /**
             * Conservative DPO with a length-aware margin:
             * (1 - eps) l(x) + eps l(-x), x = beta rho - MARGIN log(|y_w| / |y_l|), l(z) = -log sigma(z).
             */
            public class TypicalLoss implements PreferenceLoss {

                static final double EPSILON = 0.1;
                static final double MARGIN = 0.05;

                @Override
                public NDArray compute(PreferenceBatch batch) {
                    NDArray rho = Ops.logRatioDifference(batch);
                    NDArray lengthRatio = batch.chosenLengths().div(batch.rejectedLengths()).log();
                    NDArray x = rho.mul(batch.beta()).sub(lengthRatio.mul(MARGIN));
                    return smoothed(x, EPSILON);
                }

                private static NDArray smoothed(NDArray x, double epsilon) {
                    NDArray forward = Ops.logSigmoid(x).neg();
                    NDArray backward = Ops.logSigmoid(x.neg()).neg();
                    return forward.mul(1.0 - epsilon).add(backward.mul(epsilon));
                }
            }
            """;

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern CLASS = Pattern.compile("public\\s+class\\s+(\\w+)");

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public String summary() {
        return "Janino compile + validate of a typical loss, cold and warm, against javax.tools";
    }

    @Override
    public Set<String> options() {
        return Set.of("iterations", "warmup", "source");
    }

    @Override
    public void run(Args args, PrintStream out) throws Exception {
        int iterations = (int) args.longValue("iterations", 200);
        int warmup = (int) args.longValue("warmup", 50);
        if (iterations < 1 || warmup < 0) {
            throw new CliException("--iterations must be at least 1 and --warmup at least 0");
        }
        String source = TYPICAL_LOSS;
        String sourceName = "built-in TypicalLoss";
        String file = args.optional("source", null);
        if (file != null) {
            try {
                source = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new CliException("cannot read --source " + file + ": " + e.getMessage());
            }
            sourceName = file;
        }
        String className = className(source);
        LossCompiler compiler = new LossCompiler();
        LossValidator validator = new LossValidator();
        InMemoryJavac javac = new InMemoryJavac();

        out.printf(Locale.ROOT, "sandbox benchmark: %s (%d lines), %d iterations after %d warm-up, %s, %d cpus%n",
                sourceName, source.split("\n").length, iterations, warmup, Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.create(1.0).add(1.0).toDoubleArray();
        }
        double engineMs = ms(System.nanoTime() - t0);

        // cold: the first of each in this JVM
        ValidatedLoss first = validate(validator, source);
        ValidatedLoss.Timings cold = first.timings();
        t0 = System.nanoTime();
        javac.compile(className, source);
        double javacColdMs = ms(System.nanoTime() - t0);
        t0 = System.nanoTime();
        compileOnly(compiler, source);
        double secondCompileMs = ms(System.nanoTime() - t0);

        for (int i = 0; i < warmup; i++) {
            compileOnly(compiler, source);
            validate(validator, source);
            javac.compile(className, source);
        }
        double[] compile = new double[iterations];
        double[] total = new double[iterations];
        double[] smoke = new double[iterations];
        double[] fingerprint = new double[iterations];
        double[] javacMs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            t0 = System.nanoTime();
            compileOnly(compiler, source);
            compile[i] = ms(System.nanoTime() - t0);

            t0 = System.nanoTime();
            ValidatedLoss v = validate(validator, source);
            total[i] = ms(System.nanoTime() - t0);
            smoke[i] = ms(v.timings().smokeTest().toNanos());
            fingerprint[i] = ms(v.timings().fingerprint().toNanos());

            t0 = System.nanoTime();
            javac.compile(className, source);
            javacMs[i] = ms(System.nanoTime() - t0);
        }

        out.printf(Locale.ROOT, "engine start (first NDArray op)        %9.1f ms%n", engineMs);
        out.printf(Locale.ROOT, "cold  Janino compile (sandbox)          %9.1f ms%n", ms(cold.compile().toNanos()));
        out.printf(Locale.ROOT, "cold  compile + validate               %9.1f ms  (smoke %.1f, fingerprint %.1f)%n",
                ms(cold.total().toNanos()), ms(cold.smokeTest().toNanos()), ms(cold.fingerprint().toNanos()));
        out.printf(Locale.ROOT, "cold  javac compile (javax.tools)        %9.1f ms%n", javacColdMs);
        out.printf(Locale.ROOT, "second Janino compile                   %9.1f ms%n", secondCompileMs);
        row(out, "warm  Janino compile (sandbox)", compile);
        row(out, "warm  compile + validate (wall)", total);
        row(out, "        of which smoke test", smoke);
        row(out, "        of which fingerprint", fingerprint);
        row(out, "warm  javac compile (javax.tools)", javacMs);
        out.printf(Locale.ROOT, "fingerprint %s, constants %s%n", first.fingerprint().shortForm(),
                first.loss().constants());
    }

    private static ValidatedLoss validate(LossValidator validator, String source) {
        try {
            return validator.validate(source);
        } catch (LossRejectedException e) {
            throw new CliException("the benchmark source was rejected: " + e.getMessage());
        }
    }

    private static void compileOnly(LossCompiler compiler, String source) {
        try {
            compiler.compile(source);
        } catch (LossRejectedException e) {
            throw new CliException("the benchmark source was rejected: " + e.getMessage());
        }
    }

    static String className(String source) {
        Matcher c = CLASS.matcher(source);
        if (!c.find()) {
            throw new CliException("the benchmark source declares no public class");
        }
        Matcher p = PACKAGE.matcher(source);
        return p.find() ? p.group(1) + "." + c.group(1) : c.group(1);
    }

    private static void row(PrintStream out, String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "%-36s median %7.2f ms   p10 %7.2f   p90 %7.2f   min %7.2f%n", label,
                percentile(sorted, 0.5), percentile(sorted, 0.1), percentile(sorted, 0.9), sorted[0]);
    }

    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
