package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The rules catalogue")
class RulesCatalogueTest {

    @Test
    @DisplayName("every kit rule method is named for a rule, displays its id and sentence, and every rule has a method")
    void methodsMatchCatalogue() {
        Set<Rules> covered = EnumSet.noneOf(Rules.class);
        List<String> problems = new ArrayList<>();
        for (Class<?> kit : List.of(RoutingKit.class, LiveKit.class, LoadKit.class, WarmMigrationKit.class, FaultKit.class)) {
            for (Class<?> group : kit.getDeclaredClasses()) {
                if (!group.isAnnotationPresent(Nested.class)) {
                    continue;
                }
                for (Method m : group.getDeclaredMethods()) {
                    if (!m.isAnnotationPresent(Test.class)) {
                        continue;
                    }
                    Rules rule = Rules.forMethod(m.getName());
                    if (!covered.add(rule)) {
                        problems.add(rule.id() + " has two methods");
                    }
                    String shown = m.getAnnotation(DisplayName.class).value();
                    if (!shown.equals(rule.displayName())) {
                        problems.add(m.getName() + " displays '" + shown + "', the catalogue says '" + rule.displayName() + "'");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(covered).containsExactlyInAnyOrder(Rules.values());
    }

    @Test
    @DisplayName("method names map to rule ids; other names are refused by name")
    void methodNames() {
        assertThat(Rules.forMethod("r2_10_removedServerLosesOnlyItsKeys")).isEqualTo(Rules.R2_10);
        assertThat(Rules.R2_10.id()).isEqualTo("R2.10");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rules.forMethod("killedNode"))
                .hasMessageContaining("'killedNode'");
    }

    @Test
    @DisplayName("share bounds follow the stated variance formula")
    void shareBounds() {
        double p = 0.1;
        double expected = 5 * Math.sqrt(p * (1 - p) / 1601 + p * (1 - p) / 20000);
        assertThat(ShareBounds.tolerance(p, 1600, 20000)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    @DisplayName("the HTML report shows outcomes and both retention bars")
    void htmlReport() {
        var e1 = new KitReport.Entry("live", Rules.R2_1, "client-a", "passed", null, null,
                java.util.Map.of("retention", 0.62, "moduloRetention", 0.09,
                        "shares", java.util.Map.of("127.0.0.1:1", 0.5, "127.0.0.1:2", 0.5)));
        var e2 = new KitReport.Entry("live", Rules.R2_8, "client-a", "failed-expected", "sends tab <keys>",
                "boom", java.util.Map.of());
        var e3 = new KitReport.Entry("live", Rules.R2_11, "client-a", "skipped", "no weights", null, java.util.Map.of());
        String html = KitReport.html(List.of(e1, e2, e3));
        assertThat(html).contains("<svg", "62.0%", "9.0%", "55% bound", "failed-expected", "sends tab &lt;keys&gt;",
                "127.0.0.1:1", "<th>kind</th>", "<td>required</td>", "<td>optional (WEIGHTS), false failure 2.3e-06</td>",
                "<td>statistical, false failure 1.");
    }

    @Test
    @DisplayName("every rule is classified: optional rules name what they need, statistical ones their false-failure rate")
    void classification() {
        for (Rules r : Rules.values()) {
            Classification c = r.classification();
            if (c.kind() == Classification.Kind.STATISTICAL || r.sentence().contains("statistical")) {
                assertThat(c.falseFailureRate()).as("%s is statistical", r.id()).isPositive();
            }
        }
        assertThat(Rules.R1_5.classification().falseFailureRate()).isEqualTo(10 * ShareBounds.FALSE_FAILURE_PER_CHECK);
        assertThat(Rules.R2_9.classification()).hasToString("optional (RUNTIME_ADD_SERVER)");
        assertThat(Rules.R2_3.classification().needs()).isEqualTo(Classification.ROUTING_MODEL);
        assertThat(Rules.R1_1.classification()).hasToString("required");
        // the stated per-check rate is the two-sided normal tail beyond z = 5
        assertThat(ShareBounds.FALSE_FAILURE_PER_CHECK).isCloseTo(2 * upperTail(ShareBounds.Z),
                org.assertj.core.data.Percentage.withPercentage(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Classification(Classification.Kind.STATISTICAL, null, 0))
                .hasMessageContaining("false-failure rate");
    }

    @Test
    @DisplayName("R4.5's stated false-failure rate covers both changes at 400 first reads and a moved fraction of 0.25")
    void hitRateRuleFalseFailure() {
        double m = 0.25;
        double z = (m / 2) / Math.sqrt(m * (1 - m) / WarmMigrationKit.MIN_FIRST_READS);
        assertThat(Rules.R4_5.classification().falseFailureRate()).isGreaterThanOrEqualTo(2 * upperTail(z));
        assertThat(Rules.R4_5.classification()).hasToString("optional (WITHOUT_WARM_MIGRATION + ROUTING_MODEL), false failure 1.0e-08");
    }

    @Test
    @DisplayName("the HTML report draws R4.5's hit rate over time: both lines (a bucket without reads breaks one), the changes, the bound, a legend, also from report.json")
    void hitRateChart() {
        java.util.Map<String, Object> chart = new java.util.LinkedHashMap<>();
        chart.put("bucketMs", 250L);
        chart.put("changes", List.of(java.util.Map.of("label", "grow 8 to 13", "startMs", 250L, "endMs", 300L)));
        chart.put("bounds", List.of(java.util.Map.of("fromMs", 300L, "toMs", 1000L, "hitRate", 0.5)));
        chart.put("series", List.of(
                java.util.Map.of("name", "client-a+warm (under test)", "warmMigration", true,
                        "reads", List.of(100L, 100L, 0L, 100L), "hits", List.of(100L, 50L, 0L, 100L)),
                java.util.Map.of("name", "client-a (warm migration off)", "warmMigration", false,
                        "reads", List.of(10L, 10L, 10L, 10L), "hits", List.of(10L, 6L, 6L, 7L))));
        var e = new KitReport.Entry("warm", Rules.R4_5, "client-a+warm", "passed", null, null,
                java.util.Map.of("hitRateOverTime", chart));
        String html = KitReport.html(List.of(e));
        // x: 64 + (bucket midpoint / 1000 ms) * 636; y: 264 - rate * 230
        assertThat(html).contains("Hit rate over time, with and without warm migration: client-a+warm",
                "d=\"M143.5 34.0 L302.5 149.0 M620.5 34.0\"", "stroke=\"#2e7d32\"", "stroke=\"#c62828\"",
                "d=\"M143.5 34.0 L302.5 126.0 L461.5 126.0 L620.5 103.0\"", ">grow 8 to 13</text>",
                "client-a (warm migration off)", "R4.5 bound 1 - m/2", "seconds since the load started (hit rate per 250 ms bucket)",
                ">100%</text>", "<rect x=\"223.0\" y=\"34\" width=\"31.8\"");
        assertThat(KitReport.html(KitReport.parse(KitReport.json(List.of(e))))).isEqualTo(html);
        assertThat(KitReport.hitRateFile(e)).isEqualTo("hit-rate-R4.5-client-a+warm.svg");
    }

    /** P(Z > z) for a standard normal, by Simpson integration of the density from z to z + 12. */
    private static double upperTail(double z) {
        int n = 20_000;
        double h = 12.0 / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double x = z + i * h;
            double f = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return sum * h / 3;
    }

    @Test
    @DisplayName("report.json round-trips through the testkit's own JSON writer and reader, classification included")
    void jsonRoundTrip() {
        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("retention", 0.636);
        figures.put("count", 500);
        figures.put("ports", "deterministic: \"quoted\" \\ tab\t and \u0001");
        figures.put("list", List.of(1L, 2L));
        figures.put("none", null);
        var e = new KitReport.Entry("live", Rules.R2_11, "client \"x\"", "skipped", "no weights", null, figures);
        String json = KitReport.json(List.of(e));
        assertThat(json).contains("\"kind\": \"optional\"", "\"needs\": \"WEIGHTS\"", "\"falseFailureRate\": 2.28E-6",
                "\\u0001");
        List<KitReport.Entry> back = KitReport.parse(json);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).figures()).containsEntry("retention", 0.636).containsEntry("count", 500L)
                .containsEntry("ports", figures.get("ports")).containsEntry("list", List.of(1L, 2L));
        assertThat(back.get(0)).usingRecursiveComparison().ignoringFields("figures").isEqualTo(e);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.parse("[{\"a\": tru}]"))
                .hasMessageContaining("offset 7");
    }
}
