package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ejection rules of {@link EjectionPolicy}, stepped with a fake clock (no sleeps). */
class EjectionPolicyTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(5 * SECOND);

    private EjectionPolicy policy(int k, long tSeconds, long maxSeconds, long flapSeconds) {
        return EjectionPolicy.builder()
                .failureThreshold(k)
                .ejectFor(Duration.ofSeconds(tSeconds))
                .maxEjectFor(Duration.ofSeconds(maxSeconds))
                .flapWindow(Duration.ofSeconds(flapSeconds))
                .readmitByProbe(false) // these rules are the timer's; HealthModelTest covers readmission by probe
                .clock(clock::get)
                .build();
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Nested
    @DisplayName("a node is ejected")
    class Ejecting {

        @Test
        void after_K_consecutive_failures_and_not_before() {
            EjectionState s = policy(3, 1, 30, 0).newState();
            s.recordFailure();
            s.recordFailure();
            assertThat(s.isEjected()).as("2 failures with K=3").isFalse();
            s.recordFailure();
            assertThat(s.isEjected()).as("3 failures with K=3").isTrue();
            assertThat(s.status()).isEqualTo(EjectionState.Status.EJECTED);
        }

        @Test
        void for_exactly_T_then_routed_to_again_on_probation() {
            EjectionState s = policy(1, 2, 30, 0).newState();
            s.recordFailure();
            advance(2 * SECOND - 1);
            assertThat(s.isEjected()).as("1 ns before T ends").isTrue();
            advance(1);
            assertThat(s.isEjected()).as("when T ends").isFalse();
            assertThat(s.status()).isEqualTo(EjectionState.Status.PROBATION);
        }

        @Test
        void not_when_a_success_separates_the_failures() {
            EjectionState s = policy(3, 1, 30, 0).newState();
            for (int i = 0; i < 10; i++) {
                s.recordFailure();
                s.recordFailure();
                s.recordSuccess();
            }
            assertThat(s.isEjected()).isFalse();
            assertThat(s.consecutiveFailures()).isZero();
        }

        @Test
        void when_it_flaps_K_times_within_the_flap_window_despite_successes() {
            EjectionState s = policy(3, 1, 30, 10).newState();
            for (int i = 0; i < 3; i++) {
                s.recordFailure();
                s.recordSuccess();
                advance(4 * SECOND); // failures at 0 s, 4 s, 8 s: within 10 s
            }
            assertThat(s.ejections()).isEqualTo(1);
        }

        @Test
        void not_when_the_flaps_are_spread_wider_than_the_window() {
            EjectionState s = policy(3, 1, 30, 10).newState();
            for (int i = 0; i < 10; i++) {
                s.recordFailure();
                s.recordSuccess();
                advance(6 * SECOND); // any 3 consecutive failures span 12 s > 10 s
            }
            assertThat(s.ejections()).isZero();
        }

        @Test
        void and_failures_while_ejected_do_not_count() {
            EjectionState s = policy(2, 1, 30, 0).newState();
            s.recordFailure();
            s.recordFailure();
            for (int i = 0; i < 50; i++) {
                s.recordFailure();
            }
            assertThat(s.ejections()).isEqualTo(1);
            assertThat(s.consecutiveFailures()).isZero();
        }
    }

    @Nested
    @DisplayName("flapping is damped")
    class Damping {

        @Test
        void a_failure_on_probation_ejects_again_for_twice_as_long_up_to_the_cap() {
            EjectionPolicy p = policy(3, 1, 5, 0);
            EjectionState s = p.newState();
            s.recordFailure();
            s.recordFailure();
            s.recordFailure();
            long[] expected = {1, 2, 4, 5, 5};
            for (int i = 0; i < expected.length; i++) {
                long started = clock.get();
                assertThat(s.isEjected()).as("ejection %d started", i).isTrue();
                long length = ejectionLengthFrom(s, started);
                assertThat(length).as("length of ejection %d", i).isEqualTo(expected[i] * SECOND);
                s.recordFailure(); // one failure on probation is enough
            }
        }

        @Test
        void a_node_that_survives_probation_starts_over_at_T() {
            EjectionState s = policy(1, 1, 30, 0).newState();
            s.recordFailure();            // ejected 1 s
            advance(SECOND);              // probation 1 s
            s.recordFailure();            // ejected 2 s
            advance(2 * SECOND);          // probation 2 s
            advance(2 * SECOND);          // probation over without a failure
            assertThat(s.status()).isEqualTo(EjectionState.Status.HEALTHY);
            s.recordFailure();
            long started = clock.get();
            assertThat(ejectionLengthFrom(s, started)).isEqualTo(SECOND);
        }

        @Test
        void a_success_does_not_end_probation_early() {
            EjectionState s = policy(3, 1, 30, 0).newState();
            s.recordFailure();
            s.recordFailure();
            s.recordFailure();
            advance(SECOND);
            s.recordSuccess();
            s.recordFailure();
            assertThat(s.isEjected()).isTrue();
            assertThat(s.ejections()).isEqualTo(2);
        }

        /** Steps the clock until the node is readmitted; returns how long that took. Bounded. */
        private long ejectionLengthFrom(EjectionState s, long started) {
            long step = SECOND / 4;
            for (int i = 0; i < 10_000 && s.isEjected(); i++) {
                advance(step);
            }
            assertThat(s.isEjected()).as("readmitted within the bound").isFalse();
            return clock.get() - started;
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        void defaults_are_the_documented_ones() {
            EjectionPolicy p = EjectionPolicy.defaults();
            assertThat(p.failureThreshold()).isEqualTo(3);
            assertThat(p.ejectFor()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.maxEjectFor()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.flapWindow()).isEqualTo(Duration.ofSeconds(10));
            assertThat(List.of(0, 1, 2, 3, 4, 5, 6).stream().map(p::ejectionLength).map(Duration::toSeconds).toList())
                    .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
        }

        @Test
        void never_ejects_whatever_happens() {
            EjectionState s = EjectionPolicy.never().newState();
            for (int i = 0; i < 1000; i++) {
                s.recordFailure();
            }
            assertThat(s.isEjected()).isFalse();
            assertThat(s.ejections()).isZero();
        }

        @Test
        void bad_values_are_named_in_the_message() {
            assertThatThrownBy(() -> EjectionPolicy.builder().failureThreshold(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureThreshold").hasMessageContaining("0");
            assertThatThrownBy(() -> EjectionPolicy.builder().ejectFor(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ejectFor").hasMessageContaining("PT-1S");
            assertThatThrownBy(() -> EjectionPolicy.builder().ejectFor(Duration.ofSeconds(10)).maxEjectFor(Duration.ofSeconds(5)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5S").hasMessageContaining("PT10S");
            assertThatThrownBy(() -> EjectionPolicy.builder().flapWindow(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flapWindow");
        }
    }

    // ---------------------------------------------------------------- properties

    /** One event: a failure, a success, or time passing (milliseconds). */
    record Event(char kind, long millis) {
    }

    @Provide
    Arbitrary<Event> events() {
        return Arbitraries.oneOf(
                Arbitraries.just(new Event('F', 0)),
                Arbitraries.just(new Event('S', 0)),
                Arbitraries.longs().between(1, 40_000).map(ms -> new Event('T', ms)));
    }

    private void replay(EjectionState s, Event e) {
        switch (e.kind()) {
            case 'F' -> s.recordFailure();
            case 'S' -> s.recordSuccess();
            default -> advance(e.millis() * 1_000_000L);
        }
    }

    @Property(tries = 300)
    void no_ejection_outlasts_Tmax(@ForAll @Size(max = 200) List<@From("events") Event> events,
                                   @ForAll @IntRange(min = 1, max = 5) int k) {
        EjectionState s = policy(k, 1, 7, 10).newState();
        long lastFailure = Long.MIN_VALUE;
        for (Event e : events) {
            replay(s, e);
            if (e.kind() == 'F') {
                lastFailure = clock.get();
            }
            if (s.isEjected()) {
                assertThat(clock.get() - lastFailure).as("ejected longer than Tmax after the last failure")
                        .isLessThan(7 * SECOND);
            }
        }
    }

    @Property(tries = 300)
    void fewer_than_K_failures_never_eject(@ForAll @Size(max = 200) List<@From("events") Event> events,
                                           @ForAll @IntRange(min = 2, max = 6) int k) {
        EjectionState s = policy(k, 1, 30, 10).newState();
        int failures = 0;
        for (Event e : events) {
            if (e.kind() == 'F') {
                if (failures == k - 1) {
                    continue; // keep the total below K
                }
                failures++;
            }
            replay(s, e);
            assertThat(s.isEjected()).as("%d failures in total with K=%d", failures, k).isFalse();
        }
    }

    @Property(tries = 300)
    void K_failures_in_a_row_always_eject_a_routed_node(@ForAll @Size(max = 100) List<@From("events") Event> prefix,
                                                       @ForAll @IntRange(min = 1, max = 5) int k) {
        EjectionState s = policy(k, 1, 30, 10).newState();
        prefix.forEach(e -> replay(s, e));
        if (s.isEjected()) {
            return; // only routed-to nodes are the subject here
        }
        for (int i = 0; i < k; i++) {
            s.recordFailure();
        }
        assertThat(s.isEjected()).isTrue();
    }
}
