package dev.lossforge.service.proposer.evolution;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Best-so-far fitness against the number of evaluated candidates, one panel per task (the tasks'
 * fitness scales differ), as a PNG drawn with Java2D: no plotting library is needed. A thin grey
 * step line follows the best built-in loss so far (baselines and the seeds proposed as trees), so
 * the gap to the coloured line is what evolution added; DPO is dashed. {@link #main} redraws the
 * plot from {@link EvolutionBenchmark}'s CSV files.
 */
final class BestSoFarPlot {

    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 320;
    private static final int LEFT = 62;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd)};

    /**
     * One task's series: best so far after 1, 2, ... evaluated candidates, the best built-in so far
     * at the same points, and DPO's fitness.
     */
    record Series(String task, List<Double> bestSoFar, List<Double> bestBuiltinSoFar, double dpo) {
    }

    private BestSoFarPlot() {
    }

    static void write(List<Series> series, Path file) throws IOException {
        int width = PANEL_WIDTH * Math.max(1, series.size());
        BufferedImage image = new BufferedImage(width, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, PANEL_HEIGHT);
            for (int i = 0; i < series.size(); i++) {
                panel(g, series.get(i), i * PANEL_WIDTH, COLOURS[i % COLOURS.length]);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, Series s, int x0, Color colour) {
        int plotWidth = PANEL_WIDTH - LEFT - RIGHT;
        int plotHeight = PANEL_HEIGHT - TOP - BOTTOM;
        int n = s.bestSoFar().size();
        double low = s.dpo();
        double high = s.dpo();
        for (double v : s.bestSoFar()) {
            if (Double.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        double pad = Math.max(1e-3, (high - low) * 0.08);
        low -= pad;
        high += pad;
        double[] ticks = ticks(low, high);
        low = Math.min(low, ticks[0]);
        high = Math.max(high, ticks[ticks.length - 1]);
        int xMax = Math.max(n, 2);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(s.task(), x0 + LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();

        g.setColor(new Color(0xe0e0e0));
        for (double t : ticks) {
            int y = TOP + (int) Math.round(plotHeight * (high - t) / (high - low));
            g.drawLine(x0 + LEFT, y, x0 + LEFT + plotWidth, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0 + LEFT, TOP, plotWidth, plotHeight);
        String format = "%." + decimals(ticks.length > 1 ? ticks[1] - ticks[0] : 1) + "f";
        for (double t : ticks) {
            int y = TOP + (int) Math.round(plotHeight * (high - t) / (high - low));
            String label = String.format(Locale.ROOT, format, t);
            g.drawString(label, x0 + LEFT - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        int step = xMax <= 20 ? 5 : xMax <= 60 ? 10 : 20;
        for (int t = 0; t <= xMax; t += step) {
            int x = x0 + LEFT + (int) Math.round(plotWidth * (double) t / xMax);
            g.drawLine(x, TOP + plotHeight, x, TOP + plotHeight + 4);
            String label = Integer.toString(t);
            g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotHeight + 16);
        }
        String xLabel = "candidates evaluated";
        g.drawString(xLabel, x0 + LEFT + (plotWidth - fm.stringWidth(xLabel)) / 2, PANEL_HEIGHT - 10);

        // DPO, dashed
        int yDpo = TOP + (int) Math.round(plotHeight * (high - s.dpo()) / (high - low));
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawLine(x0 + LEFT, yDpo, x0 + LEFT + plotWidth, yDpo);
        g.drawString("DPO", x0 + LEFT + plotWidth - fm.stringWidth("DPO") - 4, yDpo - 4);

        steps(g, s.bestBuiltinSoFar(), x0, xMax, low, high, new Color(0x888888), 1.2f);
        steps(g, s.bestSoFar(), x0, xMax, low, high, colour, 2f);
        g.setStroke(new BasicStroke(1f));
        g.setColor(colour);
        g.drawString("best so far", x0 + LEFT + 6, TOP + 14);
        g.setColor(new Color(0x888888));
        g.drawString("best built-in so far", x0 + LEFT + 6, TOP + 28);
    }

    private static void steps(Graphics2D g, List<Double> values, int x0, int xMax, double low, double high,
                              Color colour, float width) {
        int plotWidth = PANEL_WIDTH - LEFT - RIGHT;
        int plotHeight = PANEL_HEIGHT - TOP - BOTTOM;
        g.setColor(colour);
        g.setStroke(new BasicStroke(width));
        int prevX = -1;
        int prevY = -1;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!Double.isFinite(v)) {
                continue;
            }
            int x = x0 + LEFT + (int) Math.round(plotWidth * (double) (i + 1) / xMax);
            int y = TOP + (int) Math.round(plotHeight * (high - v) / (high - low));
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, prevY);
                g.drawLine(x, prevY, x, y);
            }
            prevX = x;
            prevY = y;
        }
    }

    /**
     * Redraws the plot from recorded CSV files:
     * {@code BestSoFarPlot OUT.png evolution-bandit-clean.csv evolution-bandit-noisy-40.csv ...}; the
     * task is read from the file name.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BestSoFarPlot OUT.png evolution-TASK.csv...");
            System.exit(2);
        }
        List<Series> series = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            String task = csv.getFileName().toString().replaceFirst("^evolution-", "").replaceFirst("\\.csv$", "")
                    .replaceFirst("-", ":");
            series.add(fromCsv(task, Files.readAllLines(csv)));
        }
        write(series, Path.of(args[0]));
    }

    /** A series from EvolutionBenchmark's CSV (header first; operator column: baseline, seed, or a variation). */
    static Series fromCsv(String task, List<String> lines) {
        List<String> header = List.of(lines.get(0).split(","));
        int name = header.indexOf("name");
        int proposer = header.indexOf("proposer");
        int operator = header.indexOf("operator");
        int fitness = header.indexOf("fitness");
        int best = header.indexOf("best_so_far");
        List<Double> bestSoFar = new ArrayList<>();
        List<Double> builtin = new ArrayList<>();
        double bestBuiltin = Double.NaN;
        double dpo = Double.NaN;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            bestSoFar.add(Double.parseDouble(f[best]));
            boolean isBuiltin = f[operator].equals("baseline") || f[operator].equals("seed");
            if (isBuiltin && !f[fitness].isEmpty()) {
                double v = Double.parseDouble(f[fitness]);
                bestBuiltin = Double.isNaN(bestBuiltin) ? v : Math.max(bestBuiltin, v);
            }
            if (f[name].equals("dpo") && f[proposer].equals("baselines")) {
                dpo = Double.parseDouble(f[fitness]);
            }
            builtin.add(bestBuiltin);
        }
        return new Series(task, bestSoFar, builtin, dpo);
    }

    /** Decimals that write every multiple of {@code step} exactly (0.025: 3). */
    static int decimals(double step) {
        for (int d = 0; d < 8; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 8;
    }

    /** About five round tick values covering [low, high]. */
    static double[] ticks(double low, double high) {
        double raw = (high - low) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double first = Math.floor(low / step) * step;
        double last = Math.ceil(high / step) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = first + i * step;
        }
        return out;
    }
}
