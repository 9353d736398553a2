#!/bin/sh
# Install the free 仿宋 and 楷 faces (FandolFang, FandolKai, with FandolSong and FandolHei)
# from Debian's texlive-lang-chinese package without installing TeX: the .deb is
# downloaded and only the Fandol OpenType files are extracted into a fontconfig folder.
set -eu
if fc-list 2>/dev/null | grep -q "FandolFang"; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  dest=/usr/local/share/fonts/gongkai-fandol
else
  dest="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/gongkai-fandol"
fi
echo "install-fonts: fetching FandolFang and FandolKai (仿宋, 楷) from Debian's texlive-lang-chinese, about 20 MB"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! command -v apt-get >/dev/null 2>&1 || ! (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1); then
  cat >&2 <<MSG
无法下载 FandolFang 字体 / could not fetch the FandolFang font (Debian package texlive-lang-chinese).
请安装任一仿宋字体（如 仿宋_GB2312、FandolFang）后重试 / install a 仿宋 face and run make again.
MSG
  exit 1
fi
mkdir -p "$work/x" "$dest"
dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb | tar -x -C "$work/x" --wildcards '*/fandol/*.otf'
find "$work/x" -name 'Fandol*.otf' -exec cp {} "$dest/" \;
fc-cache -f "$dest" >/dev/null
echo "install-fonts: Fandol fonts installed in $dest"
