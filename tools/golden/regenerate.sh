#!/usr/bin/env bash
# Regenerates hash-functions/src/test/resources/golden/**.json by running the real peers
# (Debian bookworm packages) on loopback. Safe to run twice: the output is byte-identical.
# Usage: tools/golden/regenerate.sh        (as root, or with sudo for apt-get)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GOLDEN="$ROOT/hash-functions/src/test/resources/golden"
PY=/usr/bin/python3   # Debian's Python: the peers' modules are Debian packages
export PYTHONDONTWRITEBYTECODE=1
KEY_COUNT=3000

PACKAGES=(memcached nutcracker python3-pylibmc php-cli php-memcached php-memcache ruby ruby-dalli
          python3-pymemcache python3-memcache python3-uhashring nginx-light
          golang-go golang-github-bradfitz-gomemcache-dev libcache-memcached-perl libcache-memcached-fast-perl)

missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # Package scripts must not start system services (memcached, nginx): policy-rc.d denies that in
  # containers; elsewhere stop them yourself or they may hold ports 11211 and 80.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi

WORK="$(mktemp -d /tmp/hashring-golden.XXXXXX)"
export GOLDEN_PIDDIR="$WORK/pids"   # every server process the drivers start writes its pid here
mkdir -p "$GOLDEN_PIDDIR" "$WORK/run"
GEN_PID=""

cleanup() {
  status=$?
  trap - EXIT INT TERM
  if [ -n "$GEN_PID" ] && kill -0 "$GEN_PID" 2>/dev/null; then
    kill "$GEN_PID" 2>/dev/null || true
    wait "$GEN_PID" 2>/dev/null || true
  fi
  # Stop, by pid, any memcached / nutcracker / nginx a driver started and did not stop itself.
  for f in "$GOLDEN_PIDDIR"/*.pid; do
    [ -e "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      echo "stopping leftover server process $pid"
      kill "$pid" 2>/dev/null || true
      sleep 0.5
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$HERE"
"$PY" keys.py "$WORK/keys.txt" "$KEY_COUNT"
"$PY" generate.py "$WORK/keys.txt" "$WORK/out" "$WORK/run" &
GEN_PID=$!
wait "$GEN_PID"
GEN_PID=""

echo "spot check against INTEROP.md formulas:"
"$PY" spotcheck.py "$WORK/out"

# Replace only the generated JSON files (this tool owns golden/**.json), then drop emptied dirs.
mkdir -p "$GOLDEN"
find "$GOLDEN" -name '*.json' -type f -delete
find "$GOLDEN" -mindepth 1 -type d -empty -delete
cp -r "$WORK/out/." "$GOLDEN/"
echo "wrote $(find "$GOLDEN" -name '*.json' | wc -l) case files, $(du -sh "$GOLDEN" | cut -f1) in $GOLDEN"
