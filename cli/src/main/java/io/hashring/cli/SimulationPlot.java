package io.hashring.cli;

import io.hashring.cli.NativeSimulation.Algorithm;
import io.hashring.cli.NativeSimulation.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The SVG of {@code hashring simulate --svg}: two panels over log N, peak/mean and moved-on-remove / optimum. */
final class SimulationPlot {

    private static final String[] COLORS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"};
    private static final int W = 460;
    private static final int H = 300;
    private static final int PAD = 50;

    private SimulationPlot() {
    }

    static String svg(List<Row> rows) {
        Map<Algorithm, List<Row>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            series.computeIfAbsent(r.algorithm(), a -> new ArrayList<>()).add(r);
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(2 * W + 20).append("\" height=\"")
                .append(H + 40 + 18 * series.size()).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        panel(b, 0, "key-space peak / mean load", series, true);
        panel(b, W + 20, "keys moved on removing one server / optimum (1/N)", series, false);
        int y = H + 30;
        int i = 0;
        for (Algorithm a : series.keySet()) {
            String color = COLORS[i++ % COLORS.length];
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>\n",
                    PAD, y - 4, PAD + 24, y - 4, color));
            b.append("<text x=\"").append(PAD + 30).append("\" y=\"").append(y).append("\">").append(escape(a.label + ": " + a.description))
                    .append("</text>\n");
            y += 18;
        }
        return b.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder b, int x0, String title, Map<Algorithm, List<Row>> series, boolean peak) {
        double minN = Double.MAX_VALUE;
        double maxN = 0;
        double maxY = 1.0;
        for (List<Row> rs : series.values()) {
            for (Row r : rs) {
                minN = Math.min(minN, r.n());
                maxN = Math.max(maxN, r.n());
                maxY = Math.max(maxY, value(r, peak));
            }
        }
        double lo = Math.log10(minN);
        double hi = Math.max(lo + 1, Math.log10(maxN));
        double top = Math.ceil(maxY * 10) / 10 + 0.05;
        int left = x0 + PAD;
        int right = x0 + W - 40;
        int bottom = H - 30;
        int upper = 30;
        b.append("<text x=\"").append(x0 + W / 2).append("\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                left, upper, right - left, bottom - upper));
        for (double t = 1.0; t <= top + 1e-9; t += step(top)) {
            double y = bottom - (t - 1.0 + 0.0) / (top - 1.0 + 1e-12) * (bottom - upper);
            if (top <= 1.0) {
                y = bottom;
            }
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>\n", left, y, right, y, left - 4, y + 4, t));
        }
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
            double x = left + (e - lo) / (hi - lo) * (right - left);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">N = %d</text>\n",
                    x, bottom + 16, (long) Math.pow(10, e)));
        }
        int i = 0;
        for (List<Row> rs : series.values()) {
            String color = COLORS[i++ % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (Row r : rs) {
                double x = left + (Math.log10(r.n()) - lo) / (hi - lo) * (right - left);
                double y = bottom - (value(r, peak) - 1.0) / (top - 1.0) * (bottom - upper);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y, color));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
        }
    }

    private static double value(Row r, boolean peak) {
        return peak ? r.peak() : r.movedRemove() / r.optimumRemove();
    }

    private static double step(double top) {
        double span = top - 1.0;
        return span <= 0.25 ? 0.05 : span <= 0.6 ? 0.1 : span <= 1.5 ? 0.25 : 0.5;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
