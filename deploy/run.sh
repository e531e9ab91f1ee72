#!/usr/bin/env bash
# `make run`: the development server with the demo, and a background worker beside it.
#
# No server to install: SQLite, the cache in var/cache and the job broker in var/broker
# (folders both processes share). The worker makes renditions, purges, fetches wire
# photos and keeps the clock; it stops with the server (Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-1}" WORKER_LOG_LEVEL="${WORKER_LOG_LEVEL:-WARNING}" \
  deploy/worker.sh &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (pid $worker); jobs: admin › Background jobs"
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
