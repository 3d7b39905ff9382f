package io.hashring.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The kits' report: every rule outcome is appended to {@code report.json} in
 * {@link TestkitSettings#reportDir()}, and {@code report.html} is rewritten from it (an outcome
 * table per client, inline SVG bars for retention ketama vs modulo and per-server key shares, and R4.5's
 * hit rate over time with and without warm migration, also written beside it as
 * {@code hit-rate-<rule>-<client>.svg}).
 * Entries from earlier runs stay in the JSON (each carries its run id); the HTML shows the latest
 * run of each client. Each entry carries its rule's {@link Classification} (kind, what an optional
 * rule needs, false-failure rate). The JSON is written by the testkit's own small writer, so no JSON
 * library is needed on the test classpath. Thread-safe (appends are serialised).
 */
public final class KitReport {

    private static final String RUN = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()).toString();
    private static List<Entry> entries;

    private KitReport() {
    }

    /**
     * One rule outcome.
     *
     * @param kit     routing, live or load
     * @param rule    the rule id, such as {@code R2.4}
     * @param name    the rule's sentence
     * @param kind    the rule's {@link Classification.Kind}, lower case: required, optional or statistical
     * @param needs   for an optional rule, what the subject must declare ({@link Classification#needs()}); else null
     * @param falseFailureRate the rule's {@link Classification#falseFailureRate()}
     * @param client  the client or router under test
     * @param outcome {@code passed}, {@code failed}, {@code failed-expected} or {@code skipped}
     * @param reason  why it was skipped, or why the failure is expected
     * @param message the failure message, if any
     * @param figures measured values
     * @param run     the run id (JVM start time)
     * @param time    when the outcome was recorded
     */
    public record Entry(String kit, String rule, String name, String kind, String needs, double falseFailureRate,
                        String client, String outcome, String reason, String message, Map<String, Object> figures,
                        String run, String time) {
        Entry(String kit, Rules rule, String client, String outcome, String reason, String message,
              Map<String, Object> figures) {
            this(kit, rule.id(), rule.sentence(), rule.classification().kind().name().toLowerCase(Locale.ROOT),
                    rule.classification().needs(), rule.classification().falseFailureRate(), client, outcome, reason,
                    message, figures, RUN, Instant.now().toString());
        }

        /** The rule's classification as the report shows it, such as {@code optional (WEIGHTS), false failure 2.3e-06}. */
        String classification() {
            return new Classification(Classification.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), needs, falseFailureRate)
                    .toString();
        }

        /** The entry as report.json holds it: every record component by name, in declaration order. */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            try {
                for (RecordComponent c : Entry.class.getRecordComponents()) {
                    m.put(c.getName(), c.getAccessor().invoke(this));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read a report entry's " + e.getMessage(), e);
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        static Entry fromMap(Map<String, Object> m) {
            Object rate = m.get("falseFailureRate");
            Object figures = m.get("figures");
            return new Entry((String) m.get("kit"), (String) m.get("rule"), (String) m.get("name"), (String) m.get("kind"),
                    (String) m.get("needs"), rate instanceof Number n ? n.doubleValue() : 0, (String) m.get("client"),
                    (String) m.get("outcome"), (String) m.get("reason"), (String) m.get("message"),
                    figures instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of(), (String) m.get("run"),
                    (String) m.get("time"));
        }
    }

    /** The entries as report.json holds them. */
    static String json(List<Entry> list) {
        return Json.write(list.stream().map(Entry::toMap).toList());
    }

    /** The entries of a report.json; entries without the fields this version writes are dropped. */
    @SuppressWarnings("unchecked")
    static List<Entry> parse(String json) {
        List<Entry> out = new ArrayList<>();
        if (Json.parse(json) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("kind") instanceof String && m.get("rule") instanceof String
                        && m.get("client") instanceof String && m.get("run") instanceof String) {
                    out.add(Entry.fromMap((Map<String, Object>) m));
                }
            }
        }
        return out;
    }

    /** Appends an entry and rewrites report.json and report.html. */
    public static synchronized void append(Entry entry) {
        Path dir = TestkitSettings.reportDir();
        Path json = dir.resolve("report.json");
        try {
            if (entries == null) {
                entries = new ArrayList<>();
                if (Files.isRegularFile(json)) {
                    try {
                        entries.addAll(parse(Files.readString(json, StandardCharsets.UTF_8)));
                    } catch (IOException | IllegalArgumentException unreadable) {
                        // an older or damaged report: start over rather than fail the rule
                    }
                }
            }
            entries.add(entry);
            Files.createDirectories(dir);
            Files.writeString(json, json(entries), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(entries), StandardCharsets.UTF_8);
            if (entry.figures().get("hitRateOverTime") instanceof Map<?, ?> chart) {
                Files.writeString(dir.resolve(hitRateFile(entry)), HitRateChart.svg(chart, hitRateTitle(entry)) + "\n",
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the testkit report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The report page for these entries (latest run per client). */
    static String html(List<Entry> all) {
        Map<String, String> latestRun = new LinkedHashMap<>();
        for (Entry e : all) {
            latestRun.merge(e.client(), e.run(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        List<Entry> shown = all.stream().filter(e -> e.run().equals(latestRun.get(e.client()))).toList();
        Set<String> clients = new LinkedHashSet<>();
        Map<String, String> rules = new java.util.TreeMap<>(KitReport::compareRuleIds);
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, Entry> cells = new LinkedHashMap<>();
        for (Entry e : shown) {
            clients.add(e.client());
            rules.put(e.rule(), e.name());
            kinds.put(e.rule(), e.classification());
            cells.put(e.rule() + "\u0000" + e.client(), e);
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>hashring testkit report</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append(".passed{background:#d9f2d9}.failed{background:#f7c6c6}.failed-expected{background:#fde3b5}")
                .append(".skipped{background:#eee;color:#666}small{color:#555}h2{margin-top:32px}")
                .append("</style></head><body><h1>hashring testkit report</h1>");
        h.append("<p>Rules checked against real memcached processes. <b>failed-expected</b>: a known failure of that client, "
                + "declared in its self-test and verified to fail.</p>");
        h.append("<p><b>required</b>: every client must pass; <b>optional</b>: runs only for a client that declares what "
                + "it needs (else skipped with the reason); <b>statistical</b>: a bound on a random quantity, with the chance "
                + "that a correct client fails it.</p>");
        h.append("<table><tr><th>rule</th><th>kind</th>");
        for (String c : clients) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr>");
        for (Map.Entry<String, String> r : rules.entrySet()) {
            h.append("<tr><td><b>").append(esc(r.getKey())).append("</b> ").append(esc(r.getValue())).append("</td><td>")
                    .append(esc(kinds.get(r.getKey()))).append("</td>");
            for (String c : clients) {
                Entry e = cells.get(r.getKey() + "\u0000" + c);
                if (e == null) {
                    h.append("<td></td>");
                    continue;
                }
                String detail = e.reason() != null ? e.reason() : e.message() != null ? e.message() : "";
                h.append("<td class=\"").append(esc(e.outcome())).append("\" title=\"").append(esc(detail)).append("\">")
                        .append(esc(e.outcome()));
                if (!detail.isEmpty()) {
                    h.append("<br><small>").append(esc(detail.length() > 160 ? detail.substring(0, 160) + "..." : detail))
                            .append("</small>");
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");

        List<String[]> retention = new ArrayList<>();
        for (Entry e : shown) {
            if (e.rule().equals(Rules.R2_1.id()) && e.figures().get("retention") instanceof Number k
                    && e.figures().get("moduloRetention") instanceof Number m) {
                retention.add(new String[] {e.client(), Double.toString(k.doubleValue()), Double.toString(m.doubleValue())});
            }
        }
        if (!retention.isEmpty()) {
            h.append("<h2>Seed experiment: share of 500 keys still readable after adding 5 servers to 8</h2>");
            h.append(retentionSvg(retention));
        }
        for (Entry e : shown) {
            if (e.figures().get("shares") instanceof Map<?, ?> shares && !shares.isEmpty()) {
                h.append("<h2>Key shares per server: ").append(esc(e.client())).append(", ").append(esc(e.rule()))
                        .append("</h2>");
                Object expected = e.figures().get("expectedShares");
                h.append(sharesSvg(shares, expected instanceof Map<?, ?> x ? x : Map.of()));
            }
        }
        for (Entry e : shown) {
            if (e.figures().get("hitRateOverTime") instanceof Map<?, ?> chart) {
                h.append("<h2>Hit rate over time, with and without warm migration: ").append(esc(e.client())).append(", ")
                        .append(esc(e.rule())).append("</h2>");
                h.append(HitRateChart.svg(chart, hitRateTitle(e)));
            }
        }
        h.append("<p><small>run ").append(esc(String.join(", ", new LinkedHashSet<>(latestRun.values()))))
                .append("; raw data in report.json</small></p></body></html>\n");
        return h.toString();
    }

    /** {@code hit-rate-R4.5-hashring-xmemcached+warm.svg}: the chart of one entry as a file of its own, beside report.html. */
    static String hitRateFile(Entry e) {
        return "hit-rate-" + e.rule() + "-" + e.client().replaceAll("[^A-Za-z0-9.+_-]", "_") + ".svg";
    }

    private static String hitRateTitle(Entry e) {
        return e.rule() + " " + e.client() + ": grow 8 to 13 servers, then shrink 13 to 8, under a steady load";
    }

    private static String retentionSvg(List<String[]> rows) {
        int barH = 18;
        int rowH = 2 * barH + 16;
        int left = 220;
        int width = 420;
        int height = rows.size() * rowH + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + width + 80).append("\" height=\"")
                .append(height).append("\" font-size=\"12\">");
        int y = 10;
        for (String[] r : rows) {
            double k = Double.parseDouble(r[1]);
            double m = Double.parseDouble(r[2]);
            s.append(text(4, y + barH - 4, r[0] + " (ketama)"));
            s.append(bar(left, y, width * k, barH, "#2e7d32")).append(text(left + (int) (width * k) + 4, y + barH - 4, pct(k)));
            y += barH + 2;
            s.append(text(4, y + barH - 4, "modulo, same keys"));
            s.append(bar(left, y, width * m, barH, "#c62828")).append(text(left + (int) (width * m) + 4, y + barH - 4, pct(m)));
            y += barH + 14;
        }
        int x55 = left + (int) (width * 0.55);
        s.append("<line x1=\"").append(x55).append("\" y1=\"4\" x2=\"").append(x55).append("\" y2=\"").append(height - 14)
                .append("\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>").append(text(x55 - 30, height - 2, "55% bound"));
        return s.append("</svg>").toString();
    }

    private static String sharesSvg(Map<?, ?> shares, Map<?, ?> expected) {
        int barH = 14;
        int left = 170;
        int width = 420;
        double max = 0;
        for (Object v : shares.values()) {
            max = Math.max(max, ((Number) v).doubleValue());
        }
        for (Object v : expected.values()) {
            max = Math.max(max, ((Number) v).doubleValue());
        }
        max = max <= 0 ? 1 : max;
        int height = shares.size() * (barH + 6) + 10;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + width + 200).append("\" height=\"")
                .append(height).append("\" font-size=\"12\">");
        int y = 5;
        for (Map.Entry<?, ?> e : shares.entrySet()) {
            double v = ((Number) e.getValue()).doubleValue();
            s.append(text(4, y + barH - 3, String.valueOf(e.getKey())));
            s.append(bar(left, y, width * v / max, barH, "#1565c0"));
            String label = pct(v);
            if (expected.get(e.getKey()) instanceof Number x) {
                int xe = left + (int) (width * x.doubleValue() / max);
                s.append("<line x1=\"").append(xe).append("\" y1=\"").append(y - 2).append("\" x2=\"").append(xe)
                        .append("\" y2=\"").append(y + barH + 2).append("\" stroke=\"#000\" stroke-width=\"2\"/>");
                label += " (expected " + pct(x.doubleValue()) + ")";
            }
            s.append(text(left + (int) (width * v / max) + 6, y + barH - 3, label));
            y += barH + 6;
        }
        return s.append("</svg>").toString();
    }

    private static String bar(int x, int y, double w, int h, String color) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y, w, h, color);
    }

    static String text(int x, int y, String t) {
        return "<text x=\"" + x + "\" y=\"" + y + "\">" + esc(t) + "</text>";
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static int compareRuleIds(String a, String b) {
        String[] x = a.substring(1).split("\\.");
        String[] y = b.substring(1).split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Entries recorded in this JVM so far (for the self-test). */
    static synchronized List<Entry> entries() {
        return entries == null ? List.of() : List.copyOf(entries);
    }

    static Collection<Entry> ofRun() {
        return entries().stream().filter(e -> e.run().equals(RUN)).toList();
    }
}
