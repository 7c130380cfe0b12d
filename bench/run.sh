#!/usr/bin/env bash
# `make bench`: how fast the queue runs on PostgreSQL. A benchmark, not a test:
# it prints figures and writes docs/benchmarks.md; it asserts nothing.
#
# A throwaway database govhall_bench_<pid>, gunicorn (HTTP API) and uvicorn (SSE)
# on 127.0.0.1, load from bench/load.py. Everything it starts it stops, and the
# database is dropped, also on failure or Ctrl-C.
#
# Knobs: BENCH_SECONDS (load per measured run, default 10), BENCH_PROBE_SECONDS
# (per gunicorn setting tried, default 4), BENCH_SEED (waiting tickets, 30000;
# the bare runs claim far faster and get BENCH_BARE_SEED, 60000),
# BENCH_SSE_CLIENTS (500), BENCH_CALLS (100), BENCH_PG (server URL).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
RUN_S=${BENCH_SECONDS:-10}
PROBE_S=${BENCH_PROBE_SECONDS:-4}
SEED=${BENCH_SEED:-30000}
BARE_SEED=${BENCH_BARE_SEED:-60000}
SSE_CLIENTS=${BENCH_SSE_CLIENTS:-500}
CALLS=${BENCH_CALLS:-100}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=govhall_bench_$$
WORK=$(mktemp -d -t govhall-bench.XXXXXX)
RESULTS=$WORK/results.jsonl
GUNICORN="" UVICORN=""

# The project's settings read the environment; these win over a local .env.
export DJANGO_SETTINGS_MODULE=govhall.settings
export DATABASE_URL=$PG/$DB
export SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz
export GOVHALL_DATA_KEY=bench-only-data-key-0123456789abcdef
export DEBUG=false LOG_LEVEL=WARNING
export GOVHALL_PUBLIC_RATE=10000000/m GOVHALL_AUTH_RATE=10000000/m  # measure the app, not the throttle
export HUEY_SQLITE=$WORK/huey.sqlite3  # keep the checkout's var/ untouched
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}  # persistent connections, as a deployment would set

pg() { psql "$PG/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }

stop() {  # stop one server we started, by its pid, and reap it
  if [ -n "${1:-}" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}

cleanup() {
  stop "$GUNICORN"; stop "$UVICORN"
  pg -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 500 event streams plus their server side need more descriptors than 1024.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then ulimit -n 4096; fi

free_port() { $BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=http://127.0.0.1:$(free_port)
SSE=http://127.0.0.1:$(free_port)

wait_up() {  # until the public queue list answers (30 s at most)
  for _ in $(seq 150); do
    if curl -fs -o /dev/null "$1/api/v1/centers/BENCH-C/queues" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "server at $1 did not come up" >&2; return 1
}

start_gunicorn() {  # workers threads [CONN_MAX_AGE]
  CONN_MAX_AGE=${3:-$CONN_MAX_AGE} $BIN/gunicorn govhall.wsgi:application \
    -w "$1" --threads "$2" -b "${HTTP#http://}" --log-level warning >>"$WORK/gunicorn.log" 2>&1 &
  GUNICORN=$!
  wait_up "$HTTP"
}

record() {  # NAME command...: run a scenario, keep its JSON line under NAME
  local name=$1; shift
  echo "  $name ..." >&2
  local out
  out=$("$@")
  echo "{\"name\": \"$name\", \"result\": $out}" >>"$RESULTS"
  echo "    $out" >&2
}

reseed() { $BIN/python bench/setup.py reseed "$1"; }

echo "database $DB, work dir $WORK" >&2
echo "{\"name\": \"meta\", \"result\": {\"started\": $(date +%s), \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"run_s\": $RUN_S, \"probe_s\": $PROBE_S, \"seed\": $SEED, \"bare_seed\": $BARE_SEED, \"conn_max_age\": $CONN_MAX_AGE}}" >"$RESULTS"
pg -c "CREATE DATABASE $DB"
$BIN/govhall migrate --noinput -v0
$BIN/python bench/setup.py hall "$WORK/data.json"

echo "A. bare SQL claim (psycopg, one connection per thread)" >&2
for n in 16 64; do
  reseed "$BARE_SEED"
  record "bare$n" $BIN/python bench/load.py bare "$DATABASE_URL" "$WORK/data.json" "$n" "$RUN_S"
done

echo "A. gunicorn settings, call-next at 16 windows, ${PROBE_S}s each" >&2
best="" best_rate=0
for cfg in "4 8" "2 16" "8 4" "4 8 0"; do
  set -- $cfg
  reseed "$SEED"
  start_gunicorn "$@"
  name="probe-w$1-t$2-cma${3:-$CONN_MAX_AGE}"
  record "$name" $BIN/python bench/load.py callnext "$HTTP" "$WORK/data.json" 16 "$PROBE_S"
  stop "$GUNICORN"; GUNICORN=""
  rate=$(tail -1 "$RESULTS" | $BIN/python -c 'import json,sys; print(json.load(sys.stdin)["result"]["rate"])')
  if $BIN/python -c "import sys; sys.exit(not $rate > $best_rate)"; then best=$cfg best_rate=$rate; fi
done
echo "{\"name\": \"gunicorn\", \"result\": {\"best\": \"$best\"}}" >>"$RESULTS"

echo "A. call-next over HTTP with gunicorn $best" >&2
start_gunicorn $best
for n in 16 64; do
  reseed "$SEED"
  record "http$n" $BIN/python bench/load.py callnext "$HTTP" "$WORK/data.json" "$n" "$RUN_S"
done
# Query profile in the state the 64-window run left (thousands of done tickets).
CONN_MAX_AGE=$(set -- $best; echo "${3:-$CONN_MAX_AGE}") \
  record profile $BIN/python bench/query_profile.py "$WORK/data.json" 30

echo "B. tickets issued per second (kiosk token)" >&2
reseed 0  # an empty morning: issuing is measured, not the length of the queue
record issue16 $BIN/python bench/load.py issue "$HTTP" "$WORK/data.json" 16 "$RUN_S"

# An open event stream holds no PostgreSQL connection (the view closes its own
# after authenticating; one poller per uvicorn process reads the events), so
# all the streams asked for are opened. The free connections are still recorded:
# the load script counts uvicorn's connections while the streams are open.
stop "$GUNICORN"
start_gunicorn 1 2 "$(set -- $best; echo "${3:-$CONN_MAX_AGE}")"
max_conn=$(pg -c "SHOW max_connections")
free=$(pg -c "SELECT $max_conn - count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
clients=$SSE_CLIENTS
if [ "$clients" -lt 1 ]; then clients=1; fi
echo "{\"name\": \"sse_plan\", \"result\": {\"requested\": $SSE_CLIENTS, \"max_connections\": $max_conn, \"free_connections\": $free, \"clients\": $clients}}" >>"$RESULTS"
echo "C. SSE fan-out to $clients display clients ($SSE_CLIENTS requested, $free PostgreSQL connections free)" >&2
reseed "$SEED"
# CONN_MAX_AGE=0 for ASGI, as Django advises: each request runs on a thread of
# its own, and with 60 the connections of closed streams were never released.
CONN_MAX_AGE=0 $BIN/uvicorn govhall.asgi:application --host 127.0.0.1 --port "${SSE##*:}" \
  --log-level warning >>"$WORK/uvicorn.log" 2>&1 &
UVICORN=$!
wait_up "$SSE"
record sse $BIN/python bench/load.py sse "$SSE" "$HTTP" "$WORK/data.json" "$clients" "$CALLS" 0.1 "$UVICORN"
stop "$UVICORN"; UVICORN=""
stop "$GUNICORN"; GUNICORN=""

if [ -s "$WORK/gunicorn.log" ] || [ -s "$WORK/uvicorn.log" ]; then
  echo "server logs (tail):" >&2
  tail -5 "$WORK/gunicorn.log" "$WORK/uvicorn.log" >&2 || true
fi
$BIN/python bench/report.py "$RESULTS" docs/benchmarks.md
