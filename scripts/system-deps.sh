#!/bin/sh
# Install the Debian packages given as arguments when they are missing (apt-get, as root or
# through sudo); where that is impossible, stop with a message that lists what to install.
set -eu
missing=""
for pkg in "$@"; do
  if command -v dpkg-query >/dev/null 2>&1; then
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in *"install ok installed"*) continue ;; esac
  fi
  missing="$missing $pkg"
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
    echo "system-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null || echo "system-deps: apt-get update failed; trying the cached package lists"
    # shellcheck disable=SC2086
    if $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
      exit 0
    fi
    echo "system-deps: apt-get install failed." >&2
  fi
fi
cat >&2 <<MSG
缺少系统软件包 / missing system packages:$missing
请以管理员身份安装后重试 / install them as root and run make again:
    sudo apt-get install$missing
(on other systems install the equivalent: Pango, HarfBuzz subset library, CJK fonts, Chromium)
MSG
exit 1
