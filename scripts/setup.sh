#!/usr/bin/env bash
# Installs the Debian packages sgaudit needs, only those missing. Safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libsoci-dev libtomlplusplus-dev libspdlog-dev doctest-dev
  libsqlite3-dev libpq-dev postgresql-15
  libcli11-dev nlohmann-json3-dev libssl-dev libkainjow-mustache-dev libxlsxwriter-dev
  zlib1g-dev  # xlsxwriter.pc links -lz, but libxlsxwriter-dev does not depend on zlib1g-dev
  libzip-dev libpugixml-dev  # reading XLSX workbooks back: the zip container and its XML parts
)

# `--tests` adds what only the tests need: Debian's Chromium for the real-browser check of the
# HTML report, and Node.js to drive it (usually already on the machine); openpyxl and LibreOffice
# Calc (headless) to fill in workbooks as people's spreadsheet programs do, for the XLSX reader's tests.
# `--bench` adds the database shells the benchmark measures its floor with.
if [ "${1:-}" = "--bench" ]; then
  packages+=(sqlite3)
fi
# `--fuzz` adds clang and its libFuzzer runtime (libclang-rt-14-dev) for scripts/fuzz.sh.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium unzip time)  # time: the streaming test measures peak memory with /usr/bin/time
  packages+=(python3-openpyxl libreoffice-calc-nogui)
  packages+=(libxml2-utils)  # xmllint: the JUnit report and the XLSX parts must be XML a strict parser accepts
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
