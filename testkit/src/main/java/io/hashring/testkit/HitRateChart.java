package io.hashring.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's line chart of R4.5's figure {@code hitRateOverTime}: hit rate per time bucket of the
 * client under test (warm migration on) and of the same client with it off, with each topology change
 * marked (a band from its start to the moment both clients were changed and connected) and the rule's
 * bound drawn over the periods it applies to. Reads the figure as the kit records it and as report.json
 * gives it back (maps, lists and numbers), so earlier runs draw the same. Inline SVG, no library.
 */
final class HitRateChart {

    private static final int WIDTH = 720;
    private static final int LEFT = 64;
    private static final int RIGHT = 700;
    private static final int TOP = 34;
    private static final int BOTTOM = 264;

    private HitRateChart() {
    }

    /** The chart of one {@code hitRateOverTime} figure, titled {@code title}. */
    static String svg(Map<?, ?> figure, String title) {
        long bucketMs = number(figure.get("bucketMs"), 250).longValue();
        List<?> series = list(figure.get("series"));
        int buckets = 0;
        for (Object o : series) {
            buckets = Math.max(buckets, list(map(o).get("reads")).size());
        }
        double spanMs = Math.max(1, buckets) * (double) bucketMs;
        int legendRows = series.size() + 2;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(BOTTOM + 46 + 18 * legendRows).append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        s.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-weight=\"bold\">").append(KitReport.esc(title)).append("</text>");
        for (Object o : list(figure.get("changes"))) {
            Map<?, ?> c = map(o);
            double x0 = x(number(c.get("startMs"), 0).doubleValue(), spanMs);
            double x1 = Math.max(x0 + 1, x(number(c.get("endMs"), 0).doubleValue(), spanMs));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e0e0e0\"/>",
                    x0, TOP, x1 - x0, BOTTOM - TOP));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>",
                    x0, TOP, x0, BOTTOM));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x0 + 3, TOP + 12,
                    KitReport.esc(String.valueOf(c.get("label")))));
        }
        for (int p = 0; p <= 100; p += 25) {
            double y = y(p / 100.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", LEFT, y, RIGHT, y,
                    p == 0 ? "#333" : "#eee"));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", LEFT - 6, y + 4, p));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, TOP, LEFT, BOTTOM));
        int stepS = spanMs > 20_000 ? 5 : spanMs > 8_000 ? 2 : 1;
        for (int sec = 0; sec * 1000.0 <= spanMs; sec += stepS) {
            double x = x(sec * 1000.0, spanMs);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", x, BOTTOM, x, BOTTOM + 4, x, BOTTOM + 17, sec));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the load started "
                + "(hit rate per %d ms bucket)</text>", (LEFT + RIGHT) / 2, BOTTOM + 34, bucketMs));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\">hit rate"
                + "</text>", (TOP + BOTTOM) / 2));
        for (Object o : list(figure.get("bounds"))) {
            Map<?, ?> b = map(o);
            double y = y(number(b.get("hitRate"), 0).doubleValue());
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" "
                    + "stroke-dasharray=\"2 3\"/>", x(number(b.get("fromMs"), 0).doubleValue(), spanMs), y,
                    x(number(b.get("toMs"), 0).doubleValue(), spanMs), y));
        }
        int legendY = BOTTOM + 56;
        for (Object o : series) {
            Map<?, ?> m = map(o);
            String color = Boolean.TRUE.equals(m.get("warmMigration")) ? "#2e7d32" : "#c62828";
            s.append("<path fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" d=\"")
                    .append(path(list(m.get("reads")), list(m.get("hits")), bucketMs, spanMs)).append("\"/>");
            s.append(legendLine(legendY, color, "")).append(KitReport.text(LEFT + 32, legendY + 4, String.valueOf(m.get("name"))));
            legendY += 18;
        }
        s.append(legendLine(legendY, "#333", " stroke-dasharray=\"2 3\""))
                .append(KitReport.text(LEFT + 32, legendY + 4, "R4.5 bound 1 - m/2 (m: fraction of keys the change moves)"));
        legendY += 18;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"24\" height=\"10\" fill=\"#e0e0e0\"/>", LEFT, legendY - 5))
                .append(KitReport.text(LEFT + 32, legendY + 4, "change being applied (from its first call until both clients are connected)"));
        return s.append("</svg>").toString();
    }

    /** Bucket midpoints joined by lines; a bucket without reads breaks the line. */
    private static String path(List<?> reads, List<?> hits, long bucketMs, double spanMs) {
        StringBuilder d = new StringBuilder();
        boolean drawing = false;
        for (int i = 0; i < reads.size() && i < hits.size(); i++) {
            long r = number(reads.get(i), 0).longValue();
            if (r <= 0) {
                drawing = false;
                continue;
            }
            double rate = number(hits.get(i), 0).doubleValue() / r;
            d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", drawing ? "L" : "M", x((i + 0.5) * bucketMs, spanMs), y(rate)));
            drawing = true;
        }
        return d.toString().trim();
    }

    private static String legendLine(int y, String color, String extra) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                LEFT, y, LEFT + 24, y, color, extra);
    }

    private static double x(double ms, double spanMs) {
        return LEFT + Math.min(1, Math.max(0, ms / spanMs)) * (RIGHT - LEFT);
    }

    private static double y(double rate) {
        return BOTTOM - Math.min(1, Math.max(0, rate)) * (BOTTOM - TOP);
    }

    private static Number number(Object o, double otherwise) {
        return o instanceof Number n ? n : otherwise;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }
}
