#!/usr/bin/env bash
# Sets up a fresh Debian machine for the test suite (system packages, the project with its test
# extra, Redis and PostgreSQL on loopback) and runs it. Safe to run again: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then SUDO=""; AS_PG="runuser -u postgres --"; else SUDO="sudo"; AS_PG="sudo -u postgres"; fi
APT_PACKAGES="ffmpeg espeak-ng sox redis-server postgresql chromium fonts-wqy-microhei"
if ! dpkg -s $APT_PACKAGES >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $APT_PACKAGES >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

# Redis, for the scale-out queue tests.
if ! redis-cli -p 6390 ping >/dev/null 2>&1; then
  redis-server --port 6390 --bind 127.0.0.1 --daemonize yes --save '' --appendonly no >/dev/null
fi
export IVR_TEST_REDIS_URL="redis://127.0.0.1:6390/0"

# PostgreSQL, for the store tests on a real server.
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  $SUDO pg_ctlcluster "$PGVER" main start
fi
$AS_PG psql -qtc "SELECT 1 FROM pg_roles WHERE rolname='ivr'" | grep -q 1 \
  || $AS_PG psql -qc "CREATE ROLE ivr LOGIN PASSWORD 'ivr' CREATEDB"
$AS_PG psql -qtc "SELECT 1 FROM pg_database WHERE datname='ivr_test'" | grep -q 1 \
  || $AS_PG psql -qc "CREATE DATABASE ivr_test OWNER ivr"
export IVR_TEST_POSTGRES_URL="postgresql+psycopg://ivr:ivr@127.0.0.1:5432/ivr_test"

ruff check .
exec python3 -m pytest "$@"
