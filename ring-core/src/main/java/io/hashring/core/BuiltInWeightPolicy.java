package io.hashring.core;

/** The weight policies shipped with ring-core; see the factories on {@link WeightPolicy}. */
final class BuiltInWeightPolicy {

    private BuiltInWeightPolicy() {
    }

    static final WeightPolicy LIBMEMCACHED = new WeightPolicy() {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            // Float arithmetic exactly as the C code does it (SSE float on x86-64).
            float pct = (float) weight / (float) totalWeight;
            float v = pct * 160f;
            v = v / 4f;
            v = v * (float) nodeCount;
            v = v + 0.0000000001f;
            return 4 * (int) Math.floor(v);
        }

        @Override
        public String toString() {
            return "libmemcached";
        }
    };

    static final WeightPolicy LIBKETAMA = new WeightPolicy() {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            float pct = (float) weight / (float) totalWeight;
            double d = (double) pct * 40.0 * (double) (float) nodeCount;
            return 4 * (int) Math.floor((float) d);
        }

        @Override
        public String toString() {
            return "libketama";
        }
    };

    record PerWeight(int pointsPerUnit) implements WeightPolicy {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            long points = (long) pointsPerUnit * weight;
            if (points > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("weight " + weight + " x " + pointsPerUnit + " points overflows an int");
            }
            return (int) points;
        }

        @Override
        public String toString() {
            return pointsPerUnit + " x weight";
        }
    }

    record Uniform(int points) implements WeightPolicy {
        @Override
        public int points(int weight, long totalWeight, int nodeCount) {
            return points;
        }

        @Override
        public String toString() {
            return "uniform " + points;
        }
    }
}
