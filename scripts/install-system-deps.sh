#!/usr/bin/env bash
# Installs the Debian packages adrisk needs that npm cannot provide: Chromium for JS-rendered
# pages and browser tests. Safe to re-run; does nothing when everything is present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# Fonts so rendered pages and screenshots have glyphs for Latin and Cyrillic text.
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "adrisk needs these Debian packages: ${need[*]}. Run as root: apt-get update && apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "== apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
