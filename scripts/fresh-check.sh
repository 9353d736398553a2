#!/bin/sh
# make fresh-check: the two commands as a newcomer runs them, on a clean Debian machine.
#
# Bootstraps a minimal Debian root (debootstrap --variant=minbase) with only python3,
# python3-venv, make, git and ca-certificates, clones this repository's last commit into it
# and runs `make site` and `make test` there (as root, with an empty environment), printing
# each exit status and time. The root trusts the host's local CA certificates (a network that
# inspects TLS needs them) and nothing else of the host's. A second root, copied from the same bootstrap, runs `make site`
# again: the two dist/site.tar.gz sums must agree. Needs root (debootstrap, chroot, mounts).
#
# Settings (environment): FRESH_SUITE (bookworm), FRESH_MIRROR (http://deb.debian.org/debian),
# FRESH_DIR (/var/tmp/gongkai-fresh, emptied first), FRESH_ROOTS (2; 1 skips the second build),
# FRESH_KEEP (1 keeps the roots for inspection).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=${FRESH_SUITE:-bookworm}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
work=$(realpath -m "${FRESH_DIR:-/var/tmp/gongkai-fresh}")
case "$work" in
  / | /dev* | /proc* | /sys* | *" "*) echo "fresh-check: FRESH_DIR=$work is not a folder to empty" >&2; exit 2 ;;
esac
roots=${FRESH_ROOTS:-2}

say() { printf 'fresh-check: %s\n' "$*"; }
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-check: 需要以 root 运行（debootstrap、chroot 和挂载都需要）/ run as root (debootstrap, chroot and mounts need it)" >&2
  exit 2
fi
command -v debootstrap >/dev/null 2>&1 || sh "$repo/scripts/system-deps.sh" debootstrap
commit=$(git -C "$repo" rev-parse HEAD)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not checked (the roots get a clone of $commit)"
fi

mounted() {  # every mount point below $work, deepest first
  awk -v top="$work/" 'index($2, top) == 1 { print $2 }' /proc/mounts | sort -r
}
unmount_all() {  # the roots bind the host's /dev: nothing is removed while anything is mounted
  for m in $(mounted); do umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  if [ -n "$(mounted)" ]; then
    echo "fresh-check: still mounted below $work, not removing it:" >&2
    mounted >&2
    return 1
  fi
}
cleanup() {
  unmount_all || exit 1
  [ "${FRESH_KEEP:-0}" = 1 ] || rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
unmount_all
rm -rf --one-file-system "$work"
mkdir -p "$work"

elapsed() { echo $(($(date +%s) - $1)); }

start=$(date +%s)
say "debootstrap $suite (minbase + python3 python3-venv make git ca-certificates) from $mirror"
if ! debootstrap --variant=minbase --include=python3,python3-venv,make,git,ca-certificates \
    "$suite" "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  say "debootstrap failed"
  exit 1
fi
cat >"$work/base/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
say "bootstrapped in $(elapsed "$start") s: Debian $(cat "$work/base/etc/debian_version"), $(chroot "$work/base" python3 --version)"

prepare() {  # $1: root; the kernel file systems a real machine has, the host's resolver, the clone
  cp -a "$work/base" "$1"
  mount -t proc proc "$1/proc"
  mount -t sysfs sys "$1/sys"
  mount --bind /dev "$1/dev"
  mount --make-rslave "$1/dev"  # what is mounted on it below (devpts, shm) stays out of the host's /dev
  mount -t devpts devpts "$1/dev/pts" -o newinstance,ptmxmode=0666 2>/dev/null || mount --bind /dev/pts "$1/dev/pts"
  mount -t tmpfs shm "$1/dev/shm"
  cp -L /etc/resolv.conf "$1/etc/resolv.conf"
  # A network that inspects TLS (as here) needs its local CA in the root too: the host's
  # /usr/local/share/ca-certificates is added to the root's store, which pip and npm are
  # pointed at below. Nothing else of the host enters the root.
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/"
    chroot "$1" update-ca-certificates >/dev/null 2>&1
  fi
  git clone -q "$repo" "$1/root/gongkai"
  git -C "$1/root/gongkai" checkout -q "$commit"  # the commit named above, even if HEAD moved since
}

status_of=""
run() {  # $1: root, $2: make target; prints the exit status and time, keeps the log
  log="$work/$(basename "$1")-$2.log"
  t=$(date +%s)
  say "$(basename "$1"): make $2 (log: $log)"
  set +e
  store=/etc/ssl/certs/ca-certificates.crt
  chroot "$1" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT=$store NODE_EXTRA_CA_CERTS=$store SSL_CERT_FILE=$store \
    sh -c "cd /root/gongkai && make $2" >"$log" 2>&1
  code=$?
  set -e
  say "$(basename "$1"): make $2 exit $code in $(elapsed "$t") s"
  if [ "$code" -ne 0 ]; then
    tail -30 "$log" | sed 's/^/    /'
  fi
  status_of="$status_of $2=$code"
  return 0
}

prepare "$work/root1"
say "root1: commit $commit"
run "$work/root1" site
run "$work/root1" test
summary=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$work/root1-test.log" | tail -1 || true)
[ -n "$summary" ] && say "root1: pytest: $summary"
skipped=$(printf '%s\n' "$summary" | grep -o '[0-9]* skipped' | cut -d' ' -f1)
skipped=${skipped:-0}
say "root1: skipped tests: $skipped"
grep '^SKIPPED' "$work/root1-test.log" | sed 's/^/    /' || true
say "root1: Debian packages installed: $(chroot "$work/root1" dpkg-query -W -f='.\n' | wc -l) (bootstrap: $(chroot "$work/base" dpkg-query -W -f='.\n' | wc -l)), root size $(du -smx --exclude=root/gongkai "$work/root1" 2>/dev/null | cut -f1) MB"
sum1=$(cut -d' ' -f1 "$work/root1/root/gongkai/dist/SHA256SUMS" 2>/dev/null || echo none)
say "root1: dist/site.tar.gz sha256 $sum1"

ok=1
if [ "$roots" -ge 2 ]; then
  prepare "$work/root2"
  run "$work/root2" site
  sum2=$(cut -d' ' -f1 "$work/root2/root/gongkai/dist/SHA256SUMS" 2>/dev/null || echo none)
  say "root2: dist/site.tar.gz sha256 $sum2"
  if [ "$sum1" = "$sum2" ] && [ "$sum1" != none ]; then
    say "the two roots built the same archive"
  else
    say "the two roots built different archives; files that differ (site/SHA256SUMS), then BUILDINFO:"
    diff "$work/root1/root/gongkai/site/SHA256SUMS" "$work/root2/root/gongkai/site/SHA256SUMS" | sed 's/^/    /' || true
    diff "$work/root1/root/gongkai/dist/BUILDINFO" "$work/root2/root/gongkai/dist/BUILDINFO" | sed 's/^/    /' || true
    ok=0
  fi
fi
for s in $status_of; do
  case "$s" in *=0) ;; *) ok=0 ;; esac
done
[ "$skipped" = 0 ] || ok=0
say "done in $(elapsed "$start") s:$status_of skipped=$skipped"
[ "$ok" = 1 ]
