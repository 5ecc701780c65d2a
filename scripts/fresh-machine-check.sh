#!/usr/bin/env bash
# Runs the README's two commands on a simulated fresh Debian 12 machine: a minimal root made by
# `debootstrap --variant=minbase`, into which the committed tree (HEAD, not the work tree) is
# cloned. Prints how long each command took and, when one fails, its first error.
#
# Too slow for every CI run (a few minutes for the root the first time, then a full install,
# build and test). Run it before resolving any issue that adds a dependency.
#
#   bash scripts/fresh-machine-check.sh            # both commands
#   bash scripts/fresh-machine-check.sh demo       # only the first (demo) command
#   bash scripts/fresh-machine-check.sh test       # only the second (test) command
#   FRESH_ROOT=/var/tmp/r bash scripts/...         # where the pristine root is kept (reused)
#   FRESH_KEEP=1 bash scripts/...                  # keep the used copy for a look afterwards
#
# The pristine root is built once and reused; every check runs in a copy of it, so nothing
# installed by one check is there for the next. Needs root (debootstrap, chroot, mounts).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-check: needs root (debootstrap and chroot)" >&2; exit 2; }

pristine=${FRESH_ROOT:-/var/tmp/sgaudit-fresh-root}
which=${1:-both}
case "$which" in both|demo|test) ;; *) echo "usage: $0 [both|demo|test]" >&2; exit 2 ;; esac

mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

command -v debootstrap >/dev/null || {
  echo "fresh-machine-check: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

if [ ! -f "$pristine/.sgaudit-complete" ]; then
  echo "fresh-machine-check: building a minimal Debian 12 root in $pristine (once; reused later)"
  rm -rf --one-file-system "$pristine"
  t0=$(date +%s)
  debootstrap --variant=minbase --include=ca-certificates,git,sudo bookworm "$pristine" "$mirror" \
    >"$pristine.debootstrap.log" 2>&1 || {
    echo "fresh-machine-check: debootstrap failed; see $pristine.debootstrap.log" >&2; exit 2; }
  # The same package sources as this machine (release, updates, security), as a real one has.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    rm -f "$pristine/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/debian.sources "$pristine/etc/apt/sources.list.d/"
  fi
  touch "$pristine/.sgaudit-complete"
  echo "fresh-machine-check: root ready in $(( $(date +%s) - t0 )) s"
fi

work=$(mktemp -d /var/tmp/sgaudit-fresh.XXXXXX)
mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  if [ -n "${FRESH_KEEP:-}" ]; then echo "fresh-machine-check: kept $work"; else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT INT TERM

fresh_copy() {  # name: a new copy of the pristine root with the committed tree cloned into it
  local root="$work/$1"
  cp -a "$pristine" "$root"
  # What every machine of this kind carries and a bare root lacks: the site's CA certificates
  # and npm settings (without them npm fails with SELF_SIGNED_CERT_IN_CHAIN behind the proxy).
  local f
  for f in /etc/npmrc /usr/etc/npmrc /etc/ssl/certs/ca-certificates.crt; do
    if [ -f "$f" ]; then mkdir -p "$root$(dirname "$f")"; cp "$f" "$root$f"; fi
  done
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  local m
  for m in proc dev dev/pts sys; do
    mount --bind "/$m" "$root/$m"; mounted+=("$root/$m")
  done
  # The committed tree only: what a new user would clone.
  git clone -q --no-hardlinks "$repo" "$root/root/sgaudit"
}

release_copy() {  # name: unmount and remove a copy once its command has run
  local root="$work/$1" i
  for ((i=${#mounted[@]}-1; i>=0; i--)); do
    case "${mounted[$i]}" in "$root"/*) umount -l "${mounted[$i]}" 2>/dev/null || true ;; esac
  done
  [ -n "${FRESH_KEEP:-}" ] || rm -rf --one-file-system "$root"
}

run_in_root() {  # name, command
  local name=$1 cmd=$2 log="$work/$1.log" t0 rc root="$work/$1"
  fresh_copy "$name"
  echo "fresh-machine-check: $name: $cmd (in a fresh root)"
  t0=$(date +%s)
  set +e
  chroot "$root" env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -lc "cd /root/sgaudit && $cmd" >"$log" 2>&1
  rc=$?
  set -e
  local took=$(( $(date +%s) - t0 ))
  if [ $rc -eq 0 ]; then
    echo "fresh-machine-check: $name: passed in ${took} s"
    tail -n 3 "$log" | sed 's/^/    /'
  else
    echo "fresh-machine-check: $name: FAILED (exit $rc) after ${took} s; first error:"
    grep -m 5 -iE 'error|fail|cannot|not found|No such' "$log" | sed 's/^/    /' || tail -n 20 "$log" | sed 's/^/    /'
    cp "$log" "/var/tmp/sgaudit-fresh-$name.log"
    echo "    (whole log: /var/tmp/sgaudit-fresh-$name.log)"
  fi
  release_copy "$name"
  return $rc
}

status=0
# Each README command from nothing, in its own copy of the pristine root.
if [ "$which" = both ] || [ "$which" = demo ]; then
  run_in_root demo "bash scripts/demo.sh" || status=1
fi
if [ "$which" = both ] || [ "$which" = test ]; then
  run_in_root test "bash scripts/test.sh" || status=1
fi
exit $status
