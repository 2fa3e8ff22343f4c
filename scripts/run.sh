#!/usr/bin/env bash
# Installs the product (with ffmpeg for audio) and serves it on its embedded defaults:
# the packaged department scripts, a SQLite file under ./var, gunicorn with one `ivr worker` beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v ffmpeg >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e .
exec ivr serve "$@"
