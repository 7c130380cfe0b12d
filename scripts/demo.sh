#!/usr/bin/env bash
# `make demo`: migrate a SQLite database, load the demo district once, start the
# job worker and the web server, and print where everything is.
set -euo pipefail
BIN=${BIN:-.venv/bin}; HOST=${HOST:-127.0.0.1}; PORT=${PORT:-8000}
mkdir -p var
if [ ! -f .env ]; then
  # Fresh secrets for this checkout's demo; never committed (.gitignore).
  "$BIN/python" - > .env <<'PY'
import secrets
print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"GOVHALL_DATA_KEY={secrets.token_urlsafe(32)}")
print("DEBUG=false")
print("SECURE_COOKIES=false")
PY
fi
# The demo's payment provider records what it is told, signed with this secret
# (govhall/cases/payments/told.py); an older .env gets one too.
if ! grep -q '^GOVHALL_PAYMENT_TOLD_SECRET=' .env; then
  "$BIN/python" -c 'import secrets; print(f"GOVHALL_PAYMENT_TOLD_SECRET={secrets.token_urlsafe(32)}")' >> .env
fi
export GOVHALL_BASE_URL="http://$HOST:$PORT"
"$BIN/govhall" migrate --noinput -v0
"$BIN/govhall" demo-data --if-empty
"$BIN/govhall" collectstatic --noinput -v0
"$BIN/govhall" run_huey --workers 2 > var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
cat <<TXT

GovHall demo is starting at http://$HOST:$PORT/
  办事指南 (public guide)     http://$HOST:$PORT/guide/
  管理后台 (admin)            http://$HOST:$PORT/admin/
  API docs                    http://$HOST:$PORT/api/v1/docs
  catalog search example      http://$HOST:$PORT/api/v1/centers/SC-QZX/items?q=yyzz
  job worker log              var/worker.log
Demo logins are listed above and in README.md. Stop with Ctrl-C.

TXT
"$BIN/uvicorn" govhall.asgi:application --host "$HOST" --port "$PORT" --log-level warning
