#!/bin/sh
# Makes sure the memcached executable is available for the seed experiment and the live tests.
#
#   ./tools/setup/memcached.sh && <the README command>
#
# - memcached already on PATH (or MEMCACHED_BIN set to an executable): does nothing, prints nothing.
# - missing, running as root on Debian/Ubuntu (apt-get): installs the distribution's memcached package
#   without starting its system service (a policy-rc.d refuses the start; a service that started anyway
#   is stopped), then checks `memcached -V`.
# - missing and it cannot install (not root, no apt-get): stops at once with one line saying what to install.
# The tests and the CLI start their own memcached processes on loopback and always stop them.
set -eu

if [ -n "${MEMCACHED_BIN:-}" ]; then
  if [ -x "$MEMCACHED_BIN" ] && [ -f "$MEMCACHED_BIN" ]; then exit 0; fi
  echo "setup: MEMCACHED_BIN is '$MEMCACHED_BIN', which is not an executable file; point it at memcached or unset it" >&2
  exit 1
fi
if command -v memcached >/dev/null 2>&1; then exit 0; fi

hint="install memcached (Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y memcached; macOS: brew install memcached; Fedora/RHEL: sudo dnf install memcached), or set MEMCACHED_BIN to its path"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: memcached is not installed and this is not root, so it cannot be installed here: $hint" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: memcached is not installed and there is no apt-get: $hint" >&2
  exit 1
fi

echo "setup: installing memcached from the system packages (apt-get; no system service is started)" >&2
export DEBIAN_FRONTEND=noninteractive
# Debian's maintainer scripts start services through invoke-rc.d, which asks /usr/sbin/policy-rc.d first:
# exit code 101 means "action forbidden", so the package's memcached on port 11211 is never started.
policy_created=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  policy_created=true
fi
cleanup() { if [ "$policy_created" = true ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends memcached; } >"$log" 2>&1; then
  echo "setup: apt-get could not install memcached ($(tail -n 1 "$log")); $hint" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
# A service manager that ignored policy-rc.d (or a package that started it another way): stop it again.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet memcached 2>/dev/null; then
  systemctl stop memcached >/dev/null 2>&1 || true
fi
if command -v service >/dev/null 2>&1; then service memcached stop >/dev/null 2>&1 || true; fi
if ! command -v memcached >/dev/null 2>&1; then
  echo "setup: the memcached package was installed but no memcached is on PATH ($PATH); $hint" >&2
  exit 1
fi
echo "setup: $(memcached -V) installed" >&2
