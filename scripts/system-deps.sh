#!/bin/sh
# Install the Debian packages given as arguments when they are missing (apt-get, as root or
# through password-less sudo, without recommended packages). Where that is impossible, stop
# with one message that lists everything missing and the one command that installs it.
set -eu
missing=""
for pkg in "$@"; do
  if command -v dpkg-query >/dev/null 2>&1; then
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in *"install ok installed"*) continue ;; esac
  fi
  case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO="none"
  fi
  if [ "$SUDO" != "none" ]; then
    echo "system-deps: installing Debian packages:$missing (apt-get; this may take a few minutes)"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null || echo "system-deps: apt-get update failed; trying the cached package lists" >&2
    log=$(mktemp)
    # Packages are installed, never started: a service that cannot start here (nginx with port 80
    # taken, a chroot) must not fail the install. Debian's policy layer (invoke-rc.d,
    # deb-systemd-invoke) asks /usr/sbin/policy-rc.d; ours is there for this install only. It
    # carries a marker, so one left behind by a run that was killed is recognised and removed.
    marker="# gongkai system-deps: no service starts while packages install"
    policy=/usr/sbin/policy-rc.d
    ours=0
    if [ ! -e "$policy" ] || grep -qxF "$marker" "$policy" 2>/dev/null; then
      ours=1
    fi
    trap 'if [ "$ours" = 1 ]; then $SUDO rm -f "$policy"; fi; rm -f "$log"' EXIT
    trap 'exit 130' INT TERM HUP  # dash runs the EXIT trap on exit, not on a signal
    if [ "$ours" = 1 ]; then
      printf '#!/bin/sh\n%s\nexit 101\n' "$marker" | $SUDO tee "$policy" >/dev/null
      $SUDO chmod 755 "$policy"
    fi
    # shellcheck disable=SC2086
    if $SUDO apt-get install -y -q --no-install-recommends $missing >"$log" 2>&1; then
      echo "system-deps: installed$missing"
      exit 0
    fi
    tail -15 "$log" >&2
    if grep -q "dpkg was interrupted" "$log"; then
      echo "system-deps: an earlier install was interrupted; run as root: dpkg --configure -a, then make again." >&2
    fi
    rm -f "$log"
    echo "system-deps: apt-get install failed (above)." >&2
  fi
  if command -v sudo >/dev/null 2>&1; then
    how="    sudo apt-get install --no-install-recommends$missing"
  else
    how="    su -c 'apt-get install --no-install-recommends$missing'"
  fi
  cat >&2 <<MSG
缺少系统软件包 / missing Debian packages:$missing
请以管理员身份安装后重新运行 make / install them as root, then run make again:
$how
MSG
else
  cat >&2 <<MSG
缺少系统软件包 / missing system packages (Debian names):$missing
这台机器没有 apt-get：请用本系统的包管理器安装对应的软件包后重新运行 make。
(no apt-get here: install the equivalents with this system's package manager, then run make again:
 Pango, the HarfBuzz subset library, Noto CJK fonts, fontconfig, and for the tests Chromium,
 poppler-utils, Hugo, nginx, libatomic, Node.js with npm)
MSG
fi
exit 1
