#!/usr/bin/env bash
# Runs hashring's benchmarks side by side with spymemcached, xmemcached, Guava and hash4j, and
# prints one table of ratios (ours / theirs, medians, ns/op and B/op from JMH's -prof gc).
#
#   benchmarks/run.sh            full run (about 25 minutes on 2 cores)
#   benchmarks/run.sh --quick    fewer, shorter iterations (under 10 minutes on 2 cores)
#   benchmarks/run.sh --rebuild  rebuild the jar first (also after ring-core changes)
#
# Writes benchmarks/results/latest.json (JMH's JSON), memory.json (JOL), e2e.txt (real memcached),
# table.md (the table), environment.txt (JDK, CPU, load average before and after). Run it on an
# otherwise idle machine.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/results"
quick=0
rebuild=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --rebuild) rebuild=1 ;;
    *) echo "unknown option '$arg' (use --quick, --rebuild)" >&2; exit 2 ;;
  esac
done

if [[ $rebuild == 1 || ! -f "$jar" ]]; then
  echo "building $jar ..."
  (cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
fi
mkdir -p "$results"

java_cmd=(java -Xms256m)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "mode: $([[ $quick == 1 ]] && echo quick || echo full)"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cpus)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/environment.txt"

if [[ $quick == 1 ]]; then
  # One fork, 1 x 2 s warm-up, 3 x 1 s measurement; the MD5 and XXH64 hashes only, the build
  # benchmark at N = 1000 only, failover at N = 10 and 1000.
  common=(-f 1 -wi 1 -w 2s -i 3 -r 1s -prof gc -rf json)
  "${java_cmd[@]}" -jar "$jar" 'RouteBenchmark|HashBenchmark.(md5Bytes|md5String|md5JdkReused|md5Spymemcached|md5Guava|xxh64|hash4jXxh3)$|ScalingBenchmark' \
    "${common[@]}" -rff "$results/part-route.json"
  "${java_cmd[@]}" -jar "$jar" FailoverBenchmark -p nodes=10,1000 "${common[@]}" -rff "$results/part-failover.json"
  # Building is slow to warm up (each call runs long loops the JIT compiles late): more warm-up.
  "${java_cmd[@]}" -jar "$jar" BuildBenchmark -p n=1000 -f 1 -wi 4 -w 2s -i 3 -r 1s -prof gc -rf json -rff "$results/part-build.json"
else
  common=(-prof gc -rf json)
  "${java_cmd[@]}" -jar "$jar" 'RouteBenchmark|HashBenchmark|ScalingBenchmark' "${common[@]}" -rff "$results/part-route.json"
  "${java_cmd[@]}" -jar "$jar" FailoverBenchmark "${common[@]}" -rff "$results/part-failover.json"
  "${java_cmd[@]}" -jar "$jar" BuildBenchmark "${common[@]}" -rff "$results/part-build.json"
fi

# One JSON array with every result, as JMH writes it.
"${java_cmd[@]}" -cp "$jar" io.hashring.benchmarks.ResultTable --merge "$results/latest.json" \
  "$results/part-route.json" "$results/part-failover.json" "$results/part-build.json"
rm -f "$results/part-route.json" "$results/part-failover.json" "$results/part-build.json"

"${java_cmd[@]}" -Djdk.attach.allowAttachSelf=true -cp "$jar" io.hashring.benchmarks.MemoryFootprint 1000 \
  --json "$results/memory.json" 2>/dev/null

# End to end through the shipped adapters against the native clients, real memcached on loopback
# (skipped without memcached).
if command -v memcached >/dev/null 2>&1; then
  if [[ $quick == 1 ]]; then e2e_args=(4 1 3); else e2e_args=(4 3 5); fi
  "${java_cmd[@]}" -cp "$jar" io.hashring.benchmarks.EndToEnd "${e2e_args[@]}" 2>/dev/null | tee "$results/e2e.txt"
else
  echo "memcached not on PATH: end-to-end comparison skipped" | tee "$results/e2e.txt"
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/environment.txt"
echo
cat "$results/environment.txt"
echo
"${java_cmd[@]}" -cp "$jar" io.hashring.benchmarks.ResultTable "$results/latest.json" "$results/memory.json" | tee "$results/table.md"
grep '^e2e' "$results/e2e.txt" | tee -a "$results/table.md" || true
