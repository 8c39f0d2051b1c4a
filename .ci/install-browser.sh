#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (tests/test_web_browser.py). Safe to run again.
# The test drives it with the playwright Python package; `playwright install` is never needed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
