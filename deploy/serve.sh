#!/usr/bin/env bash
# `make serve`: Newsroom's production profile on this machine.
#
# PostgreSQL (DATABASE_URL, default the local "newsroom" database, made if missing),
# Redis (REDIS_URL, default db 0 on the local server) for the cache and as the job broker
# (CELERY_BROKER_URL, default db 1; amqp://guest:guest@127.0.0.1:5672// for RabbitMQ),
# gunicorn with a Celery worker beside it (SERVE_WORKER=0: none, run `make worker`
# elsewhere), whitenoise with collectstatic, DEBUG off, and a SECRET_KEY generated once
# into a file outside the repository (NEWSROOM_SECRET_FILE, default
# ~/.config/newsroom/secret_key, mode 600).
# Plain HTTP on loopback: set DJANGO_SECURE_SSL_REDIRECT=1 and DJANGO_SECURE_COOKIES=1
# (the defaults of the settings) once a TLS proxy or the accelerator is in front.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-${REDIS_URL%/*}/1}"
export DJANGO_DEBUG=0
export DJANGO_SECURE_SSL_REDIRECT="${DJANGO_SECURE_SSL_REDIRECT:-0}"
export DJANGO_SECURE_COOKIES="${DJANGO_SECURE_COOKIES:-0}"
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
WORKERS="${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}"

secret_file="${NEWSROOM_SECRET_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/newsroom/secret_key}"
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  if [ ! -s "$secret_file" ]; then
    mkdir -p "$(dirname "$secret_file")"
    (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' >"$secret_file")
    echo "Generated a secret key in $secret_file"
  fi
  DJANGO_SECRET_KEY="$(cat "$secret_file")"
  export DJANGO_SECRET_KEY
fi

case "$DATABASE_URL" in
  postgres://*|postgresql://*)
    server="${DATABASE_URL%/*}/postgres"
    name="${DATABASE_URL##*/}"
    if ! psql "$server" -qtAc "select 1 from pg_database where datname='$name'" | grep -q 1; then
      psql "$server" -qc "CREATE DATABASE \"$name\"" && echo "Created the database $name"
    fi
    ;;
esac
redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 || echo "Warning: Redis at $REDIS_URL does not answer; pages are served uncached" >&2

.venv/bin/python manage.py check --deploy --fail-level ERROR
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py collectstatic --no-input -v0
[ "${NEWSROOM_SERVE_DEMO:-1}" = 1 ] && .venv/bin/python manage.py seed_demo  # demo stories into an empty site
if [ "${SERVE_WORKER:-1}" = 1 ]; then
  deploy/worker.sh &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
  echo "Background worker started (pid $worker) on $CELERY_BROKER_URL"
fi
echo "Serving the production profile on http://$HOST:$PORT/ ($WORKERS gunicorn workers)"
.venv/bin/gunicorn newsroom.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
