package io.hashring.cli;

import io.hashring.cli.InspectCommand.Balance;
import io.hashring.cli.InspectCommand.Row;
import io.hashring.core.Ring;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SVG of {@code hashring inspect --svg}: the hash circle with each arc in its owner's colour
 * (0 at the top, clockwise), and per server a bar of its load beside a tick at its weight's share,
 * so a server that owns too much stands out at a glance. Large rings are drawn in at most
 * {@value #MAX_ARCS} arcs (each the owner at the arc's midpoint); more than {@value #MAX_BARS}
 * servers show the most and least loaded halves.
 */
final class RingPicture {

    static final int MAX_ARCS = 3600;
    static final int MAX_BARS = 48;
    private static final double SPACE = 4294967296.0;

    private RingPicture() {
    }

    static void write(Path file, Cluster c, Ring<Server> ring, List<Row> rows, Balance exact, Balance sampled, int samples) {
        String svg = svg(c, ring, rows, exact, sampled, samples);
        try {
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot write --svg '" + file + "': " + Cluster.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Golden-angle hues: neighbours in configuration order get clearly different colours. */
    static String colour(int i) {
        return String.format(Locale.ROOT, "hsl(%.1f,62%%,%d%%)", (i * 137.508) % 360, 42 + (i % 3) * 8);
    }

    static String svg(Cluster c, Ring<Server> ring, List<Row> rows, Balance exact, Balance sampled, int samples) {
        List<Integer> shown = shownRows(rows, ring != null);
        int barsHeight = 28 * shown.size() + (shown.size() < rows.size() ? 28 : 0);
        int width = 1000;
        int height = Math.max(560, 130 + barsHeight);
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"13\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(b, 24, 32, 18, "bold", "start", "hashring inspect: " + c.placement() + ", " + rows.size() + " servers");
        Balance headline = exact != null ? exact : sampled;
        text(b, 24, 54, 13, "normal", "start", String.format(Locale.ROOT,
                "load = share / weight share: peak-to-mean %.3f, standard deviation %.3f (%s)", headline.peakToMean(),
                headline.stddev(), exact != null ? "exact, of the hash space" : samples + " sampled keys"));

        double cx = 250;
        double cy = 310;
        double r = 180;
        if (ring != null && ring.points() > 0) {
            Map<Server, Integer> position = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                position.put(rows.get(i).server(), i);
            }
            for (double[] arc : arcs(ring)) {
                Integer owner = position.get(ring.value((int) arc[2]));
                arc(b, cx, cy, r, arc[0], arc[1], owner == null ? "#999999" : colour(owner));
            }
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"2\"/>\n",
                    cx, cy - r - 26, cx, cy - r + 26));
            text(b, cx, cy - r - 32, 12, "normal", "middle", "0 = 2^32");
            text(b, cx, cy - 8, 14, "bold", "middle", "hash ring");
            text(b, cx, cy + 12, 12, "normal", "middle", String.format(Locale.ROOT, "%,d points", ring.points()));
            text(b, cx, cy + 30, 12, "normal", "middle", "clockwise from 0");
        } else {
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#ccc\" "
                    + "stroke-width=\"30\" stroke-dasharray=\"6 6\"/>%n", cx, cy, r));
            text(b, cx, cy - 8, 14, "bold", "middle", "not a ring");
            text(b, cx, cy + 12, 12, "normal", "middle", c.router().getClass().getSimpleName() + ": no hash circle");
        }

        // Per-server load bars: the bar is the share, the black tick the weight's share.
        double x0 = 560;
        double barMax = 300;
        double y = 100;
        text(b, 470, y - 12, 13, "bold", "start", "per-server share (" + (exact != null ? "hash space, exact" : samples + " sampled keys")
                + "); | = weight share");
        double top = 0;
        for (Row row : rows) {
            top = Math.max(top, Math.max(row.ideal(), value(row, exact != null)));
        }
        double scale = barMax / (top * 1.1);
        int hidden = rows.size() - shown.size();
        for (int k = 0; k < shown.size(); k++) {
            if (hidden > 0 && k == shown.size() / 2) {
                text(b, 470, y + 16, 12, "italic", "start", "... " + hidden + " servers between the most and least loaded ...");
                y += 28;
            }
            int i = shown.get(k);
            Row row = rows.get(i);
            double v = value(row, exact != null);
            String name = InspectCommand.label(row.server());
            text(b, 550, y + 16, 12, "normal", "end", name.length() > 28 ? name.substring(0, 27) + "\u2026" : name);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>%n", x0, y + 3,
                    Math.max(1, v * scale), colour(i)));
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" stroke-width=\"2\"/>%n",
                    x0 + row.ideal() * scale, y, x0 + row.ideal() * scale, y + 24));
            text(b, x0 + Math.max(v, row.ideal()) * scale + 6, y + 16, 12, "normal", "start",
                    String.format(Locale.ROOT, "%.2f%% (x%.3f)", 100 * v, v / row.ideal()));
            y += 28;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double value(Row row, boolean exact) {
        return exact ? row.exact() : row.sampled();
    }

    /** All rows when few; else the most and the least loaded halves, each in configuration order. */
    private static List<Integer> shownRows(List<Row> rows, boolean exact) {
        List<Integer> all = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            all.add(i);
        }
        if (rows.size() <= MAX_BARS) {
            return all;
        }
        all.sort(Comparator.comparingDouble((Integer i) -> -value(rows.get(i), exact) / rows.get(i).ideal()));
        List<Integer> most = new ArrayList<>(all.subList(0, MAX_BARS / 2));
        List<Integer> least = new ArrayList<>(all.subList(all.size() - MAX_BARS / 2, all.size()));
        most.sort(null);
        least.sort(null);
        most.addAll(least);
        return most;
    }

    /**
     * Arcs {from, to, owner node index} in hash order, consecutive arcs of one owner merged. Each
     * arc between two adjacent points is owned by whoever owns its midpoint ({@link Ring#indexOfHash}),
     * which is right for every search rule; a ring of more than {@value #MAX_ARCS} points is
     * sampled at {@value #MAX_ARCS} equal arcs instead.
     */
    static List<double[]> arcs(Ring<Server> ring) {
        int p = ring.points();
        List<double[]> out = new ArrayList<>();
        if (p <= MAX_ARCS) {
            long first = Integer.toUnsignedLong(ring.point(0).value());
            long last = Integer.toUnsignedLong(ring.point(p - 1).value());
            int wrapOwner = ring.indexOfHash((int) (((last + first + (1L << 32)) / 2) & 0xFFFF_FFFFL));
            add(out, 0, first, wrapOwner);
            for (int i = 1; i < p; i++) {
                long from = Integer.toUnsignedLong(ring.point(i - 1).value());
                long to = Integer.toUnsignedLong(ring.point(i).value());
                add(out, from, to, ring.indexOfHash((int) ((from + to) / 2)));
            }
            add(out, last, 1L << 32, wrapOwner);
        } else {
            double step = SPACE / MAX_ARCS;
            for (int i = 0; i < MAX_ARCS; i++) {
                long from = (long) (i * step);
                long to = (long) ((i + 1) * step);
                add(out, from, to, ring.indexOfHash((int) (from + (to - from) / 2)));
            }
        }
        return out;
    }

    private static void add(List<double[]> out, double from, double to, int owner) {
        if (to <= from) {
            return;
        }
        if (!out.isEmpty()) {
            double[] last = out.get(out.size() - 1);
            if ((int) last[2] == owner && last[1] == from) {
                last[1] = to;
                return;
            }
        }
        out.add(new double[] {from, to, owner});
    }

    private static void arc(StringBuilder b, double cx, double cy, double r, double from, double to, String colour) {
        double a0 = 2 * Math.PI * from / SPACE - Math.PI / 2;
        double a1 = 2 * Math.PI * to / SPACE - Math.PI / 2;
        if (to - from >= SPACE - 1) {
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"44\"/>%n",
                    cx, cy, r, colour));
            return;
        }
        boolean large = a1 - a0 > Math.PI;
        b.append(String.format(Locale.ROOT, "<path d=\"M%.2f %.2fA%.1f %.1f 0 %d 1 %.2f %.2f\" fill=\"none\" stroke=\"%s\" stroke-width=\"44\"/>%n",
                cx + r * Math.cos(a0), cy + r * Math.sin(a0), r, r, large ? 1 : 0, cx + r * Math.cos(a1), cy + r * Math.sin(a1), colour));
    }

    private static void text(StringBuilder b, double x, double y, int size, String weight, String anchor, String s) {
        String style = weight.equals("italic") ? " font-style=\"italic\"" : " font-weight=\"" + weight + "\"";
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\"%s text-anchor=\"%s\" fill=\"#222\">%s</text>%n",
                x, y, size, style, anchor, escape(s)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
