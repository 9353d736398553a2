#!/bin/sh
# CI: publish dist/site.tar.gz to a server as release NAME (the commit, cut to 12 characters
# as `gongkai deploy` names it). The archive is uploaded beside the live site and handed to
# scripts/switch-release.sh on the server, which unpacks it, checks every file against its
# SHA256SUMS and only then switches DEPLOY_DIR/current, in one rename. The server needs sh,
# tar, sha256sum, flock and rsync.
#
# Environment: DEPLOY_HOST (user@host), DEPLOY_DIR (a plain path such as /srv/gongkai: no
# spaces), DEPLOY_SSH_KEY and DEPLOY_KNOWN_HOSTS (the private key and the server's host key
# line, as text or, e.g. GitLab's File variables, as the path of a file holding it),
# DEPLOY_KEEP (releases kept, default 5).
set -eu
name=$(printf %s "${1:?usage: publish-over-ssh.sh COMMIT}" | cut -c1-12)
: "${DEPLOY_HOST:?set DEPLOY_HOST (user@host)}" "${DEPLOY_DIR:?set DEPLOY_DIR (e.g. /srv/gongkai)}"
: "${DEPLOY_SSH_KEY:?set the DEPLOY_SSH_KEY secret}" "${DEPLOY_KNOWN_HOSTS:?set the DEPLOY_KNOWN_HOSTS secret}"
key=$(mktemp)
hosts=$(mktemp)
trap 'rm -f "$key" "$hosts"' EXIT
for pair in "DEPLOY_SSH_KEY:$key" "DEPLOY_KNOWN_HOSTS:$hosts"; do
  variable=${pair%%:*}
  eval "value=\$$variable"
  if [ -f "$value" ]; then cat "$value"; else printf '%s\n' "$value"; fi > "${pair#*:}"
done
ssh="ssh -i $key -o BatchMode=yes -o UserKnownHostsFile=$hosts"
case "$DEPLOY_DIR" in *[!A-Za-z0-9/._-]*) echo "DEPLOY_DIR 只能是不含空格的普通路径。" >&2; exit 2 ;; esac
$ssh "$DEPLOY_HOST" mkdir -p "$DEPLOY_DIR"
rsync -e "$ssh" dist/site.tar.gz "$DEPLOY_HOST:$DEPLOY_DIR/incoming-$name.tar.gz"
$ssh "$DEPLOY_HOST" sh -s -- "$DEPLOY_DIR" "$name" "${DEPLOY_KEEP:-5}" < scripts/switch-release.sh
