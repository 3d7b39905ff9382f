package io.hashring.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ entry points for the kits' common checks, usable in any test:
 *
 * <pre>{@code
 * import static io.hashring.testkit.HashringAssertions.assertThat;
 *
 * assertThat(grown).movesKeysOnlyTo("10.0.0.9:11211", from(ring), keys);
 * assertThat(grown).movesAtMost(0.12, from(ring), keys);
 * assertThat(RoutingUnderTest.of(a)).routesLike(RoutingUnderTest.of(b), keys);
 * assertThat(cluster.server(2)).holdsKey("user:42");
 * }</pre>
 *
 * Each failure message names the rule's quantity, the count and up to five offending keys. The
 * checks route every key once or twice through each router: cost linear in the number of keys.
 */
public final class HashringAssertions {

    /** How many offending keys a failure message lists. */
    static final int SAMPLES = 5;

    private HashringAssertions() {
    }

    /** Assertions on a router (see {@link RoutingUnderTest#of} for a hashring {@code Router}). */
    public static <N> RoutingAssert<N> assertThat(RoutingUnderTest<N> actual) {
        return new RoutingAssert<>(actual);
    }

    /** Assertions on what one real memcached server holds, read through the testkit's own connection. */
    public static ServerAssert assertThat(MemcachedServer actual) {
        return new ServerAssert(actual);
    }

    /** Fraction of {@code keys} whose address differs between the two routers. */
    public static double movedFraction(RoutingUnderTest<?> before, RoutingUnderTest<?> after, Collection<String> keys) {
        long moved = keys.stream().filter(k -> !before.routeAddress(k).equals(after.routeAddress(k))).count();
        return keys.isEmpty() ? 0 : moved / (double) keys.size();
    }

    /** Fraction of {@code keys} routed to each of {@code addresses} (addresses in this order). */
    public static Map<String, Double> shares(RoutingUnderTest<?> router, List<String> addresses, Collection<String> keys) {
        Map<String, Double> out = new LinkedHashMap<>();
        addresses.forEach(a -> out.put(a, 0.0));
        for (String k : keys) {
            out.merge(router.routeAddress(k), 1.0 / keys.size(), Double::sum);
        }
        return out;
    }

    /** Assertions on a {@link RoutingUnderTest}. */
    public static final class RoutingAssert<N> extends AbstractAssert<RoutingAssert<N>, RoutingUnderTest<N>> {

        RoutingAssert(RoutingUnderTest<N> actual) {
            super(actual, RoutingAssert.class);
        }

        /** Every key goes to the same address through {@code other}, and through the actual router twice. */
        public RoutingAssert<N> routesLike(RoutingUnderTest<?> other, Collection<String> keys) {
            isNotNull();
            List<String> differ = new ArrayList<>();
            long count = 0;
            for (String k : keys) {
                String a = actual.routeAddress(k);
                String b = other.routeAddress(k);
                String again = actual.routeAddress(k);
                if (!a.equals(b) || !a.equals(again)) {
                    count++;
                    sample(differ, k + ": " + a + ", then " + again + ", other router " + b);
                }
            }
            if (count > 0) {
                failWithMessage("%d of %d keys routed differently by two routers over the same nodes (or twice by one): %s",
                        count, keys.size(), differ);
            }
            return this;
        }

        /** Every key whose address changed from {@code before} now goes to {@code added}. */
        public RoutingAssert<N> movesKeysOnlyTo(String added, RoutingUnderTest<?> before, Collection<String> keys) {
            return movesOnly(before, keys, (from, to) -> to.equals(added), "moved between old nodes when " + added + " was added");
        }

        /** Only keys that {@code before} sent to {@code removed} go elsewhere now. */
        public RoutingAssert<N> movesOnlyKeysOf(String removed, RoutingUnderTest<?> before, Collection<String> keys) {
            return movesOnly(before, keys, (from, to) -> from.equals(removed), "of other nodes moved when " + removed + " was removed");
        }

        /** Fails naming the {@code movement} (with count, total and samples) unless every key that moved satisfies {@code allowed}. */
        private RoutingAssert<N> movesOnly(RoutingUnderTest<?> before, Collection<String> keys,
                                           BiPredicate<String, String> allowed, String movement) {
            isNotNull();
            List<String> wrong = new ArrayList<>();
            long count = 0;
            for (String k : keys) {
                String from = before.routeAddress(k);
                String to = actual.routeAddress(k);
                if (!from.equals(to) && !allowed.test(from, to)) {
                    count++;
                    sample(wrong, k + ": " + from + " -> " + to);
                }
            }
            if (count > 0) {
                failWithMessage("%d of %d keys %s: %s", count, keys.size(), movement, wrong);
            }
            return this;
        }

        /** At most {@code fraction} of {@code keys} go to another address than through {@code before}. */
        public RoutingAssert<N> movesAtMost(double fraction, RoutingUnderTest<?> before, Collection<String> keys) {
            isNotNull();
            double moved = movedFraction(before, actual, keys);
            if (moved > fraction) {
                failWithMessage("%s of %d keys moved; allowed at most %s", fmt(moved), keys.size(), fmt(fraction));
            }
            return this;
        }

        /** The moved fraction of {@code keys} is within {@code tolerance} of {@code expected}. */
        public RoutingAssert<N> movesAbout(double expected, double tolerance, RoutingUnderTest<?> before,
                                           Collection<String> keys) {
            isNotNull();
            double moved = movedFraction(before, actual, keys);
            if (Math.abs(moved - expected) > tolerance) {
                failWithMessage("%s of %d keys moved; expected %s +- %s", fmt(moved), keys.size(), fmt(expected), fmt(tolerance));
            }
            return this;
        }

        /**
         * Each address's share of {@code keys} is within its tolerance of its expected share
         * ({@code expected} and {@code tolerance} keyed by address; see {@link ShareBounds}).
         */
        public RoutingAssert<N> hasSharesWithin(Map<String, Double> expected, Map<String, Double> tolerance,
                                                Collection<String> keys) {
            isNotNull();
            Map<String, Double> observed = shares(actual, List.copyOf(expected.keySet()), keys);
            List<String> off = new ArrayList<>();
            expected.forEach((a, p) -> {
                double tol = tolerance.get(a);
                if (Math.abs(observed.get(a) - p) > tol) {
                    off.add(a + " " + fmt(observed.get(a)) + ", expected " + fmt(p) + " +- " + fmt(tol));
                }
            });
            if (observed.size() > expected.size()) {
                off.add("keys routed to unknown addresses: " + observed.keySet());
            }
            if (!off.isEmpty()) {
                failWithMessage("key shares over %d keys outside their statistical bounds (z = %s): %s", keys.size(),
                        ShareBounds.Z, off);
            }
            return this;
        }

        /**
         * For each key: the candidates list every node of {@code nodes} once, start with the route,
         * and the second is where the key goes once its primary is removed ({@code without} maps each
         * address to the router over the other nodes).
         */
        public RoutingAssert<N> hasCandidatesInRingOrder(List<String> nodes, Map<String, ? extends RoutingUnderTest<?>> without,
                                                         Collection<String> keys) {
            isNotNull();
            List<String> problems = new ArrayList<>();
            long count = 0;
            for (String k : keys) {
                List<String> c = actual.candidateAddresses(k);
                String problem = null;
                if (c.size() != nodes.size() || c.stream().distinct().count() != nodes.size() || !c.containsAll(nodes)) {
                    problem = k + ": candidates " + c + " do not list each of the " + nodes.size() + " nodes once";
                } else if (!c.get(0).equals(actual.routeAddress(k))) {
                    problem = k + ": first candidate " + c.get(0) + " is not the route " + actual.routeAddress(k);
                } else if (c.size() > 1 && !c.get(1).equals(without.get(c.get(0)).routeAddress(k))) {
                    problem = k + ": second candidate " + c.get(1) + " but without " + c.get(0) + " the key goes to "
                            + without.get(c.get(0)).routeAddress(k);
                }
                if (problem != null) {
                    count++;
                    sample(problems, problem);
                }
            }
            if (count > 0) {
                failWithMessage("%d of %d keys have candidate lists that break ring order: %s", count, keys.size(), problems);
            }
            return this;
        }
    }

    /** Assertions on a {@link MemcachedServer}'s contents, read with the testkit's own protocol client. */
    public static final class ServerAssert extends AbstractAssert<ServerAssert, MemcachedServer> {

        ServerAssert(MemcachedServer actual) {
            super(actual, ServerAssert.class);
        }

        /** The server holds {@code key} (any value). */
        public ServerAssert holdsKey(String key) {
            isNotNull();
            if (actual.get(key) == null) {
                failWithMessage("expected %s to hold key '%s', but it does not", actual.address(), key);
            }
            return this;
        }

        /** The server holds {@code key} with exactly {@code value}. */
        public ServerAssert holdsValue(String key, String value) {
            isNotNull();
            String held = actual.get(key);
            if (!value.equals(held)) {
                failWithMessage("expected %s to hold '%s' = '%s', but it holds %s", actual.address(), key, value,
                        held == null ? "nothing" : "'" + held + "'");
            }
            return this;
        }

        /** The server holds none of {@code values}' keys with the given value (older copies are ignored). */
        public ServerAssert holdsNoneOf(Map<String, String> values) {
            isNotNull();
            Map<String, String> held = actual.getMulti(values.keySet());
            List<String> found = new ArrayList<>();
            long count = 0;
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getValue().equals(held.get(e.getKey()))) {
                    count++;
                    sample(found, e.getKey());
                }
            }
            if (count > 0) {
                failWithMessage("expected %s to hold none of %d written keys, but it holds %d: %s", actual.address(),
                        values.size(), count, found);
            }
            return this;
        }

        /** The server does not hold {@code key}. */
        public ServerAssert doesNotHoldKey(String key) {
            isNotNull();
            String held = actual.get(key);
            if (held != null) {
                failWithMessage("expected %s not to hold key '%s', but it holds '%s'", actual.address(), key, held);
            }
            return this;
        }
    }

    private static void sample(List<String> samples, String s) {
        if (samples.size() < SAMPLES) {
            samples.add(s);
        }
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
