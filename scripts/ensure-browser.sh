#!/usr/bin/env bash
# Makes sure the end-to-end tests have Debian's Chromium and a CJK font. Installs them with apt-get
# when we are root; otherwise says exactly what to install. Never downloads a browser build.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need+=(fonts-noto-cjk); fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "[e2e] installing ${need[*]} with apt-get …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi

echo "[e2e] missing: ${need[*]}" >&2
echo "[e2e] install them first, e.g.: sudo apt-get install -y ${need[*]}" >&2
echo "[e2e] (the tests drive /usr/bin/chromium; Chinese text needs a CJK font such as fonts-noto-cjk)" >&2
exit 1
