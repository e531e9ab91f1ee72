#!/usr/bin/env bash
# `make worker`: a Celery worker for every queue, with the scheduler (beat) inside it.
#
# The broker is CELERY_BROKER_URL (redis://..., amqp://...), or the folder broker of the
# embedded default (var/broker). Give each queue its own workers in production:
#   WORKER_QUEUES=media deploy/worker.sh          # renditions, wire photos
#   WORKER_QUEUES=delivery,ingest,notify WORKER_BEAT=0 deploy/worker.sh
# Run the scheduler in ONE worker only (WORKER_BEAT=0 elsewhere): it hands the outbox
# over every few seconds and moves the clock; two of them only do that twice.
set -euo pipefail
cd "$(dirname "$0")/.."

queues="${WORKER_QUEUES:-media,delivery,ingest,notify}"
options=(--app newsroom worker --queues "$queues" --loglevel "${WORKER_LOG_LEVEL:-INFO}")
options+=(--concurrency "${WORKER_CONCURRENCY:-2}" --hostname "${WORKER_NAME:-newsroom@%h}")
if [ "${WORKER_BEAT:-1}" = 1 ]; then
  mkdir -p var
  options+=(--beat --scheduler django_celery_beat.schedulers:DatabaseScheduler)
fi
exec .venv/bin/celery "${options[@]}"
