package io.hashring.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH's JSON results (and {@link MemoryFootprint}'s) and prints one table: each hashring
 * figure beside the figure it is compared with, the ratio ours / theirs, the target for
 * that ratio, and whether this run meets it. Figures are medians of the measurement iterations
 * (ns/op, or ops/us for the scaling rows), allocation is JMH's {@code gc.alloc.rate.norm} (B/op).
 *
 * <p>Run: {@code java -cp benchmarks.jar io.hashring.benchmarks.ResultTable jmh.json [memory.json]}; or
 * {@code ResultTable --merge out.json in1.json in2.json ...} to concatenate JMH result files.
 * Exits 0 whether or not targets are met: the table is a report, not a gate.
 */
public final class ResultTable {

    /** One JMH result: median score and median B/op. */
    private record Result(double median, String unit, double bytesPerOp) {
    }

    private final Map<String, Result> results = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private int met;
    private int missed;

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ResultTable JMH_JSON [MEMORY_JSON]");
            System.exit(2);
        }
        if (args[0].equals("--merge")) {
            merge(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        ResultTable table = new ResultTable();
        table.load(Path.of(args[0]));
        JsonNode memory = args.length > 1 && Files.exists(Path.of(args[1])) ? new ObjectMapper().readTree(Path.of(args[1]).toFile()) : null;
        table.build(memory);
        table.print();
    }

    /** Concatenates JMH result arrays (missing files are skipped) into one array at {@code out}. */
    private static void merge(Path out, String[] inputs) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode all = mapper.createArrayNode();
        for (String input : inputs) {
            Path p = Path.of(input);
            if (Files.exists(p)) {
                mapper.readTree(p.toFile()).forEach(all::add);
            }
        }
        mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), all);
    }

    private void load(Path json) throws IOException {
        for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
            String name = run.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1); // Class.method
            StringBuilder key = new StringBuilder(name);
            JsonNode params = run.get("params");
            if (params != null) {
                params.fields().forEachRemaining(p -> key.append(' ').append(p.getKey()).append('=').append(p.getValue().asText()));
            }
            JsonNode primary = run.get("primaryMetric");
            double bytes = Double.NaN;
            JsonNode secondary = run.get("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                bytes = median(secondary.get("gc.alloc.rate.norm").get("rawData"));
            } else if (secondary != null && secondary.has("·gc.alloc.rate.norm")) {
                bytes = median(secondary.get("·gc.alloc.rate.norm").get("rawData"));
            }
            results.put(key.toString(), new Result(median(primary.get("rawData")), primary.get("scoreUnit").asText(), bytes));
        }
    }

    private static double median(JsonNode rawData) {
        List<Double> all = new ArrayList<>();
        for (JsonNode fork : rawData) {
            for (JsonNode v : fork) {
                all.add(v.asDouble());
            }
        }
        double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private Result get(String key) {
        return results.get(key);
    }

    /** Ours / theirs; {@code max} is the largest ratio that meets the target (NaN: no target). */
    private void ratio(String what, String oursKey, String theirsKey, double max) {
        Result ours = get(oursKey);
        Result theirs = get(theirsKey);
        if (ours == null || theirs == null) {
            return;
        }
        double r = ours.median() / theirs.median();
        add(what, fmt(ours), fmt(theirs), String.format(Locale.ROOT, "%.3f", r),
                Double.isNaN(max) ? "" : String.format(Locale.ROOT, "<= %.3f", max), Double.isNaN(max) ? null : r <= max);
    }

    private void add(String what, String ours, String theirs, String ratio, String target, Boolean ok) {
        String verdict = ok == null ? "" : ok ? "met" : "MISSED";
        if (ok != null) {
            if (ok) {
                met++;
            } else {
                missed++;
            }
        }
        rows.add(new String[] {what, ours, theirs, ratio, target, verdict});
    }

    private static String fmt(Result r) {
        String b = Double.isNaN(r.bytesPerOp()) ? "" : String.format(Locale.ROOT, ", %.0f B/op", Math.abs(r.bytesPerOp()) < 0.5 ? 0.0 : r.bytesPerOp());
        return String.format(Locale.ROOT, "%.1f %s%s", r.median(), r.unit(), b);
    }

    private void build(JsonNode memory) {
        String md5 = "HashBenchmark.md5Bytes";
        String jdkMd5 = "HashBenchmark.md5JdkReused";
        double[] spyTargets = {1 / 2.5, 1 / 4.5, 1 / 8.0, Double.NaN};
        String[] ns = {"10", "100", "1000", "10000"};
        for (int i = 0; i < ns.length; i++) {
            String p = " nodes=" + ns[i];
            ratio("ketama route byte[] / spymemcached getPrimary, N=" + ns[i], "RouteBenchmark.hashringBytes" + p, "RouteBenchmark.spymemcached" + p, spyTargets[i]);
            ratio("ketama route String / spymemcached getPrimary, N=" + ns[i], "RouteBenchmark.hashringString" + p, "RouteBenchmark.spymemcached" + p, spyTargets[i]);
            ratio("ketama route String / xmemcached getSessionByKey, N=" + ns[i], "RouteBenchmark.hashringString" + p, "RouteBenchmark.xmemcached" + p, Double.NaN);
            ratio("ketama route byte[] / folsom Continuum.findClient (murmur3, own placement), N=" + ns[i], "RouteBenchmark.hashringBytes" + p,
                    "RouteBenchmark.folsom" + p, Double.NaN);
            ratio("fast-hash route byte[] / folsom Continuum.findClient, N=" + ns[i], "RouteBenchmark.fastRingBytes" + p,
                    "RouteBenchmark.folsom" + p, Double.NaN);
            ratio("ketama route byte[] / one MD5 of the key (same JVM), N=" + ns[i], "RouteBenchmark.hashringBytes" + p, "RouteBenchmark.md5Only" + p, 1.15);
            ratio("ketama route String / one MD5 of the key (same JVM), N=" + ns[i], "RouteBenchmark.hashringString" + p, "RouteBenchmark.md5Only" + p, 1.15);
            ratio("ketama route byte[] / one MD5 of the key (HashBenchmark), N=" + ns[i], "RouteBenchmark.hashringBytes" + p, md5, Double.NaN);
            ratio("ketama route byte[] / one MD5 of the key (JDK, reused), N=" + ns[i], "RouteBenchmark.hashringBytes" + p, jdkMd5, Double.NaN);
            ratio("fast-hash route / (fast hash + bucket search), N=" + ns[i], "RouteBenchmark.fastRingBytes" + p, "RouteBenchmark.fastHashPlusSearch" + p, 2.0);
            ratio("fast-hash route / spymemcached getPrimary, N=" + ns[i], "RouteBenchmark.fastRingBytes" + p, "RouteBenchmark.spymemcached" + p, ns[i].equals("1000") ? 1 / 20.0 : Double.NaN);
            ratio("fast-hash route / Guava consistentHash, N=" + ns[i], "RouteBenchmark.fastRingBytes" + p, "RouteBenchmark.guavaConsistentHash" + p, Double.NaN);
            ratio("fast-hash route / hash4j jumpBackHash, N=" + ns[i], "RouteBenchmark.fastRingBytes" + p, "RouteBenchmark.hash4jJumpBackHash" + p, Double.NaN);
            ratio("bucket search alone / ketama route byte[], N=" + ns[i], "RouteBenchmark.searchOnly" + p, "RouteBenchmark.hashringBytes" + p, Double.NaN);
            allocation("ketama route byte[] allocation, N=" + ns[i], "RouteBenchmark.hashringBytes" + p);
            allocation("ketama route String allocation, N=" + ns[i], "RouteBenchmark.hashringString" + p);
            allocation("fast-hash route allocation, N=" + ns[i], "RouteBenchmark.fastRingBytes" + p);
        }
        ratio("MD5 of a 32-byte key: hashring Md5 / JDK MessageDigest (reused)", md5, jdkMd5, Double.NaN);
        ratio("MD5 of a 32-byte key: hashring Md5 / spymemcached KETAMA_HASH", md5, "HashBenchmark.md5Spymemcached", Double.NaN);
        ratio("MD5 of a 32-byte key: hashring Md5 / Guava md5()", md5, "HashBenchmark.md5Guava", Double.NaN);
        ratio("MD5 of a 32-char String key / of its bytes (UTF-8 encoding cost)", "HashBenchmark.md5String", md5, Double.NaN);
        ratio("xxh64 / hash4j XXH3 (different functions, for scale)", "HashBenchmark.xxh64", "HashBenchmark.hash4jXxh3", Double.NaN);
        ratio("murmur3_32 / Guava murmur3_32_fixed", "HashBenchmark.murmur3x32", "HashBenchmark.guavaMurmur3x32", Double.NaN);
        ratio("murmur3_32 / hash4j murmur3_32", "HashBenchmark.murmur3x32", "HashBenchmark.hash4jMurmur3x32", Double.NaN);
        ratio("murmur3_128 (first 64 bits) / Guava murmur3_128", "HashBenchmark.murmur3x128", "HashBenchmark.guavaMurmur3x128", Double.NaN);
        ratio("murmur3_128 (first 64 bits) / hash4j murmur3_128", "HashBenchmark.murmur3x128", "HashBenchmark.hash4jMurmur3x128", Double.NaN);

        for (String n : new String[] {"1000", "10000"}) {
            String p = " n=" + n;
            double t = n.equals("1000") ? 1 / 30.0 : Double.NaN;
            ratio("full build / spymemcached, N=" + n, "BuildBenchmark.hashringBuild" + p, "BuildBenchmark.spymemcachedBuild" + p, t);
            ratio("full build / xmemcached, N=" + n, "BuildBenchmark.hashringBuild" + p, "BuildBenchmark.xmemcachedBuild" + p, Double.NaN);
            ratio("add one server / spymemcached rebuild, N=" + n, "BuildBenchmark.hashringAddOne" + p, "BuildBenchmark.spymemcachedAddOne" + p, Double.NaN);
            ratio("remove one server / spymemcached rebuild, N=" + n, "BuildBenchmark.hashringRemoveOne" + p, "BuildBenchmark.spymemcachedRemoveOne" + p, Double.NaN);
            ratio("add one server / xmemcached rebuild, N=" + n, "BuildBenchmark.hashringAddOne" + p, "BuildBenchmark.xmemcachedAddOne" + p, Double.NaN);
            absolute("add one server, N=" + n, "BuildBenchmark.hashringAddOne" + p, n.equals("1000") ? 500 : Double.NaN, "us");
            absolute("remove one server, N=" + n, "BuildBenchmark.hashringRemoveOne" + p, n.equals("1000") ? 500 : Double.NaN, "us");
        }

        for (String n : new String[] {"10", "100", "1000"}) {
            String p = " nodes=" + n;
            Result one = get("FailoverBenchmark.cursorFirst1FromHash" + p);
            Result four = get("FailoverBenchmark.cursorFirst4FromHash" + p);
            if (one != null && four != null) {
                double step = (four.median() - one.median()) / 3;
                add("candidates: cost per extra candidate (cursor), N=" + n, String.format(Locale.ROOT, "%.2f ns/step", step), fmt(four),
                        "", "<= 5 ns", step <= 5);
                allocation("candidates: cursor allocation, N=" + n, "FailoverBenchmark.cursorFirst4FromHash" + p);
            }
            ratio("4 failover candidates from a key / spymemcached getSequence, N=" + n, "FailoverBenchmark.hashringCandidates4" + p,
                    "FailoverBenchmark.spymemcachedSequence4" + p, Double.NaN);
        }

        Result k1 = get("ScalingBenchmark.ketama1Thread");
        Result k2 = get("ScalingBenchmark.ketama2Threads");
        if (k1 != null && k2 != null) {
            double r = k2.median() / k1.median();
            add("reads scale: ketama 2 threads / 1 thread (throughput)", fmt(k2), fmt(k1), String.format(Locale.ROOT, "%.2f", r), ">= 1.80", r >= 1.8);
        }
        Result f1 = get("ScalingBenchmark.fastRing1Thread");
        Result f2 = get("ScalingBenchmark.fastRing2Threads");
        if (f1 != null && f2 != null) {
            double r = f2.median() / f1.median();
            add("reads scale: fast ring 2 threads / 1 thread (throughput)", fmt(f2), fmt(f1), String.format(Locale.ROOT, "%.2f", r), ">= 1.80", r >= 1.8);
        }

        if (memory != null) {
            double ours = memory.get("hashring").get("bytesPerPoint").asDouble();
            for (String lib : new String[] {"spymemcached", "xmemcached"}) {
                double theirs = memory.get(lib).get("bytesPerPoint").asDouble();
                add("memory per point / " + lib + ", N=" + memory.get("servers").asText(), String.format(Locale.ROOT, "%.2f B/point", ours),
                        String.format(Locale.ROOT, "%.2f B/point", theirs), String.format(Locale.ROOT, "%.3f", ours / theirs), "", null);
            }
            add("memory per point (absolute)", String.format(Locale.ROOT, "%.2f B/point", ours), "", "", "<= 12 B", ours <= 12);
        }
    }

    private void allocation(String what, String key) {
        Result r = get(key);
        if (r == null || Double.isNaN(r.bytesPerOp())) {
            return;
        }
        double b = r.bytesPerOp();
        add(what, String.format(Locale.ROOT, "%.3f B/op", b), "", "", "0 B/op", b < 0.5);
    }

    private void absolute(String what, String key, double max, String unit) {
        Result r = get(key);
        if (r == null) {
            return;
        }
        add(what, fmt(r), "", "", Double.isNaN(max) ? "" : "< " + (long) max + " " + unit, Double.isNaN(max) ? null : r.median() < max);
    }

    private void print() {
        String[] header = {"comparison (medians)", "hashring", "reference", "ours/theirs", "target", ""};
        int[] w = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < all.size(); j++) {
            String[] r = all.get(j);
            sb.append('|');
            for (int i = 0; i < r.length; i++) {
                sb.append(' ').append(pad(r[i], w[i])).append(" |");
            }
            sb.append('\n');
            if (j == 0) {
                sb.append('|');
                for (int i = 0; i < r.length; i++) {
                    sb.append('-').append("-".repeat(w[i])).append("-|");
                }
                sb.append('\n');
            }
        }
        System.out.print(sb);
        System.out.printf(Locale.ROOT, "targets: %d met, %d missed%n", met, missed);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
