#!/usr/bin/env bash
# Web-chat latency while a wrong-password flood hits the officials' API (issue 11): the chat p50/p99
# alone, then with the flood running. Localhost only, bounded (about 90 s per run incl. start-up).
# Run it against two builds back to back under the same conditions to compare them:
#   BOT_JAR=/path/to/old/bot.jar perf/signin-flood.sh     # e.g. a build of commit e513b80
#   perf/signin-flood.sh                                  # this checkout's bot/target jar
# Options (environment): CHAT_CONNECTIONS (4), FLOOD_CONNECTIONS (32), CHAT_SECONDS (15),
#   WARMUP (10), PORT (8093), DB_NAME (friendlygov_perf_signin), EXTRA_OPTS (java -D options).
set -euo pipefail
# Its own database (dropped and re-created): set before service.sh, which defaults it.
DB_NAME="${DB_NAME:-friendlygov_perf_signin}"
source "$(dirname "$0")/service.sh"

CHAT_CONNECTIONS="${CHAT_CONNECTIONS:-4}"
FLOOD_CONNECTIONS="${FLOOD_CONNECTIONS:-32}"
CHAT_SECONDS="${CHAT_SECONDS:-15}"
WARMUP="${WARMUP:-10}"
PORT="${PORT:-8093}"
export CONVERSATIONS="${CONVERSATIONS:-2000}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
require_jar

OUT="$REPO_ROOT/perf/target"
mkdir -p "$OUT"
SERVICE_LOG="$OUT/signin-flood-service.log"
: >"$SERVICE_LOG"
trap stop_service EXIT

reset_database
# Rate limits far above the load: the chat pipeline is measured, not the limiter.
# shellcheck disable=SC2086
start_service "$PORT" "$SERVICE_LOG" \
  -Dbot.rate-limit.per-address-per-minute=100000000 \
  -Dbot.rate-limit.per-conversation-per-minute=1000000 ${EXTRA_OPTS:-}
wait_ready "$PORT"
log "Ready after ${READY_MS} ms ($BOT_JAR)"

chat() {
  timeout $(( CHAT_SECONDS + 60 )) wrk -t 1 -c "$CHAT_CONNECTIONS" -d "${CHAT_SECONDS}s" --timeout 10s --latency \
    -s "$REPO_ROOT/perf/chat.lua" "http://127.0.0.1:$PORT/api/v1/chat"
}

log "Warm-up ${WARMUP}s"
timeout $(( WARMUP + 60 )) wrk -t 1 -c "$CHAT_CONNECTIONS" -d "${WARMUP}s" -s "$REPO_ROOT/perf/chat.lua" \
  "http://127.0.0.1:$PORT/api/v1/chat" >/dev/null

echo "== Chat alone: $CHAT_CONNECTIONS connections, ${CHAT_SECONDS}s"
chat

echo "== Chat during a wrong-password flood ($FLOOD_CONNECTIONS connections on GET /api/v1/tickets)"
FLOOD_SECONDS=$(( CHAT_SECONDS + 10 ))
timeout $(( FLOOD_SECONDS + 60 )) wrk -t 1 -c "$FLOOD_CONNECTIONS" -d "${FLOOD_SECONDS}s" --timeout 10s \
  -s "$REPO_ROOT/perf/signin-flood.lua" "http://127.0.0.1:$PORT" >"$OUT/signin-flood-wrk.txt" 2>&1 &
FLOOD_PID=$!
sleep 5
chat
wait "$FLOOD_PID" || true
echo "== The flood itself"
grep -E 'Requests/sec|Latency|Flood:|Non-2xx' "$OUT/signin-flood-wrk.txt" || cat "$OUT/signin-flood-wrk.txt"
echo "== Flood statuses in the service log: $(grep -c 'Sign-in failed' "$SERVICE_LOG" || true) failures logged, busy refusals: $(grep -o 'refused (busy) [0-9]* times' "$SERVICE_LOG" | awk '{s+=$3} END {print s+0}') (logged as a summary every 10 s)"
stop_service
mysql_cli -e "DROP DATABASE IF EXISTS \`$DB_NAME\`"
