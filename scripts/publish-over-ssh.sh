#!/bin/sh
# CI: publish dist/site.tar.gz to a server as release NAME (the commit). The archive is
# uploaded beside the live site and handed to scripts/switch-release.sh on the server,
# which unpacks it, checks every file against its SHA256SUMS and only then switches
# DEPLOY_DIR/current, in one rename. The server needs sh, tar, sha256sum and flock.
#
# Environment: DEPLOY_HOST (user@host), DEPLOY_DIR (e.g. /srv/gongkai), DEPLOY_SSH_KEY
# (a private key), DEPLOY_KNOWN_HOSTS (the server's host key line), DEPLOY_KEEP (default 5).
set -eu
name=$(printf %s "${1:?usage: publish-over-ssh.sh COMMIT}" | cut -c1-12)
: "${DEPLOY_HOST:?set DEPLOY_HOST (user@host)}" "${DEPLOY_DIR:?set DEPLOY_DIR (e.g. /srv/gongkai)}"
: "${DEPLOY_SSH_KEY:?set the DEPLOY_SSH_KEY secret}" "${DEPLOY_KNOWN_HOSTS:?set the DEPLOY_KNOWN_HOSTS secret}"
key=$(mktemp)
hosts=$(mktemp)
trap 'rm -f "$key" "$hosts"' EXIT
printf '%s\n' "$DEPLOY_SSH_KEY" > "$key"
printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$hosts"
ssh="ssh -i $key -o BatchMode=yes -o UserKnownHostsFile=$hosts"
$ssh "$DEPLOY_HOST" mkdir -p "$DEPLOY_DIR"
rsync -e "$ssh" dist/site.tar.gz "$DEPLOY_HOST:$DEPLOY_DIR/incoming-$name.tar.gz"
$ssh "$DEPLOY_HOST" sh -s -- "$DEPLOY_DIR" "$name" "${DEPLOY_KEEP:-5}" < scripts/switch-release.sh
