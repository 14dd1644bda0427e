#!/usr/bin/env bash
# Installs the Debian packages the tests use (headless Chromium and a CJK font for the
# dashboard tests, ClickHouse for the scale-out tests) when they are missing. Nothing is downloaded from
# anywhere but Debian's package archive.
set -euo pipefail
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
# Chinese labels in the dashboard screenshots need a CJK font.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || needed+=(fonts-noto-cjk)
command -v clickhouse-server >/dev/null 2>&1 || command -v clickhouse >/dev/null 2>&1 || needed+=(clickhouse-server clickhouse-client)
if [ ${#needed[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "missing Debian packages: ${needed[*]} (install them with apt-get as root)" >&2
  exit 1
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing Debian packages: ${needed[*]}"
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
