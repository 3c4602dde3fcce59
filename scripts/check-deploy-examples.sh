#!/usr/bin/env bash
# Checks the deployment examples under docs/deploy with the tools they are written for:
# `nginx -t` on docs/deploy/nginx.conf, with a throwaway self-signed certificate in place of
# the real one. scripts/setup.sh installs nginx-light; without nginx this fails and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

nginx_bin=$(command -v nginx || true)
if [ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ]; then nginx_bin=/usr/sbin/nginx; fi
if [ -z "$nginx_bin" ]; then
  echo "check-deploy-examples: nginx is not installed; run scripts/setup.sh" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=cmp.example.com \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
# Only the certificate paths and the pid file change; everything else is checked as written.
sed -e "s#/etc/ssl/cmp/#$work/#g" -e "s#/run/nginx-cmp.pid#$work/nginx.pid#" \
  docs/deploy/nginx.conf > "$work/nginx.conf"
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf" -e "$work/error.log"
echo "check-deploy-examples: docs/deploy/nginx.conf is valid for $("$nginx_bin" -v 2>&1)"
