#!/usr/bin/env bash
# The browser suite drives Debian's chromium; install it when missing, or fail naming what is missing.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "error: missing /usr/bin/chromium; install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi
echo "installing Debian's chromium…" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
[[ -x /usr/bin/chromium ]] || { echo "error: chromium did not install to /usr/bin/chromium" >&2; exit 1; }
