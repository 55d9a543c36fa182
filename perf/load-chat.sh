#!/usr/bin/env bash
# Load test of POST /api/v1/chat against POST /bench/constant (a bare Micronaut endpoint), on a
# fresh MariaDB database. Prints start-up time, requests/s and latency percentiles of both, and
# the heap after the run. See perf/README.md.
#
# Options (or the environment variables in brackets):
#   --duration S       seconds of load per endpoint [DURATION, 30]
#   --connections N    open connections [CONNECTIONS, 64]
#   --threads N        wrk threads [THREADS, 2]
#   --conversations N  distinct conversation ids [CONVERSATIONS, 5000]
#   --warmup S         seconds of warm-up load before measuring [WARMUP, 20]
#   --port P           service port [PORT, 8090]
#   --db NAME          database, dropped and re-created [DB_NAME, friendlygov_perf]
set -euo pipefail
source "$(dirname "$0")/service.sh"

DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
CONVERSATIONS="${CONVERSATIONS:-5000}"
PORT="${PORT:-8090}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --conversations) CONVERSATIONS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --db) DB_NAME="$2"; shift 2 ;;
    *) echo "Unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
export CONVERSATIONS THREADS

if ! command -v wrk >/dev/null; then
  log "Installing wrk"
  timeout 300 apt-get install -y wrk >/dev/null
fi
require_jar

OUT="$REPO_ROOT/perf/target"
mkdir -p "$OUT"
SERVICE_LOG="$OUT/load-chat-service.log"
: >"$SERVICE_LOG"
trap stop_service EXIT

reset_database
# bot.rate-limit.* raised far above what the load can reach: we measure the pipeline, not the limiter.
start_service "$PORT" "$SERVICE_LOG" \
  -Dbot.rate-limit.per-address-per-minute=100000000 \
  -Dbot.rate-limit.per-conversation-per-minute=1000000 \
  -Dbot.bench-endpoint=true
wait_ready "$PORT"
STARTUP_MS=$READY_MS
echo "== Start-up: ready /health after ${STARTUP_MS} ms (from launching java, Flyway migrations on an empty database included)"

run_wrk() {
  local name="$1" path="$2" script="$3"
  echo "== $name: POST $path, ${DURATION}s, $CONNECTIONS connections, $THREADS threads"
  # wrk stops itself after DURATION; the outer timeout is only a guard.
  timeout $(( DURATION + 60 )) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
    -s "$script" "http://127.0.0.1:$PORT$path"
}

# A short warm-up so that the JIT and the connection pool are not part of the chat figures.
# The JIT needs a while: without a warm-up the first run measures compilation (660 vs ~1,000 req/s seen).
log "Warm-up: ${WARMUP}s on /api/v1/chat"
timeout $(( WARMUP + 60 )) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" -s "$REPO_ROOT/perf/chat.lua" "http://127.0.0.1:$PORT/api/v1/chat" >/dev/null

run_wrk "Chat" /api/v1/chat "$REPO_ROOT/perf/chat.lua"
run_wrk "Bare endpoint" /bench/constant "$REPO_ROOT/perf/constant.lua"

echo "== Heap after the run (jcmd $SERVICE_PID GC.heap_info)"
timeout 30 jcmd "$SERVICE_PID" GC.heap_info || echo "(jcmd failed)"
echo "== Database: $(mysql_cli -N -e "SELECT COUNT(*) FROM \`$DB_NAME\`.message" 2>/dev/null || echo '?') rows in message"
stop_service
