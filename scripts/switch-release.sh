#!/bin/sh
# On the server: DIR/incoming-NAME.tar.gz becomes DIR/releases/NAME and DIR/current points at
# it, the last KEEP releases stay. Every file is checked against the archive's SHA256SUMS
# before the switch; a failed check leaves the live site as it was. The layout is the one
# `gongkai deploy` makes (releases/, current, history), so `gongkai rollback DIR` and
# `gongkai verify DIR/current` work on it too. Usage: switch-release.sh DIR NAME [KEEP]
set -eu
dir=${1:?usage: switch-release.sh DIR NAME [KEEP]}
name=${2:?usage: switch-release.sh DIR NAME [KEEP]}
keep=${3:-5}
case "$name" in '' | *[!A-Za-z0-9._-]* | .*) echo "版本名“$name”只能用字母、数字、点、横线和下划线。" >&2; exit 2 ;; esac
case "$keep" in '' | *[!0-9]* | 0) echo "保留版本数“$keep”要是大于 0 的整数。" >&2; exit 2 ;; esac
cd "$dir"
exec 9>.lock
flock 9
mkdir -p releases
archive="incoming-$name.tar.gz"
partial="releases/.$name.partial"
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial" "$archive"' EXIT
tar -xzf "$archive" -C "$partial" --no-same-owner --no-same-permissions
if ! (cd "$partial" && sha256sum --quiet --strict --check SHA256SUMS); then
  echo "部署失败：网站文件没有通过 SHA256SUMS 校验，current 没有切换，线上网站保持不变。" >&2
  exit 1
fi
find "$partial" -exec touch {} +  # the deploy's own time: ETags differ from every earlier release
[ -e "releases/$name" ] || mv "$partial" "releases/$name"
ln -sfn "releases/$name" .current.new
mv -T .current.new current
{ grep -vxF -- "$name" history 2>/dev/null || true; echo "$name"; } | tail -n "$keep" > .history.new
mv .history.new history
for release in releases/*; do
  [ "$release" = "releases/$name" ] || grep -qxF -- "${release#releases/}" history || rm -rf "$release"
done
echo "已部署：$dir/current → releases/$name"
