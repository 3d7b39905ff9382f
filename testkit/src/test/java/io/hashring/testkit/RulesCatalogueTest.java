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
        for (Class<?> kit : List.of(RoutingKit.class, LiveKit.class, LoadKit.class)) {
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
        var e1 = new KitReport.Entry("live", "R2.1", Rules.R2_1.sentence(), "client-a", "passed", null, null,
                java.util.Map.of("retention", 0.62, "moduloRetention", 0.09,
                        "shares", java.util.Map.of("127.0.0.1:1", 0.5, "127.0.0.1:2", 0.5)));
        var e2 = new KitReport.Entry("live", "R2.8", Rules.R2_8.sentence(), "client-a", "failed-expected", "sends tab <keys>",
                "boom", java.util.Map.of());
        String html = KitReport.html(List.of(e1, e2));
        assertThat(html).contains("<svg", "62.0%", "9.0%", "55% bound", "failed-expected", "sends tab &lt;keys&gt;",
                "127.0.0.1:1");
    }
}
