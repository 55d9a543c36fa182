#!/usr/bin/env bash
# Webhook storm with a crash: fires webhook events (Messenger and Zalo, 5 % duplicates, 1 % forged,
# 1 % malformed) at the service, kills it with SIGKILL part-way, restarts it on the same database,
# and counts at local fake platform servers that every valid event was answered exactly once and
# no forged or malformed one at all. See perf/README.md.
#
# Options (or the environment variables in brackets):
#   --events N        webhook requests in the plan [EVENTS, 10000]
#   --senders N       concurrent senders [SENDERS, 16]
#   --rate R          offered events/s, each request due at its slot [RATE, 0 = as fast as acknowledged]
#   --warmup S        seconds of warm-up events before the plan, not counted [WARMUP, 20]
#   --kill-at F       share of the plan settled before kill -9 [KILL_AT, 0.4]; 0 = no kill
#   --port P          service port [PORT, 8091]
#   --fake-port P     fake Graph/Zalo/OAuth server port [FAKE_PORT, 8092]
#   --db NAME         database, dropped and re-created [DB_NAME, friendlygov_perf]
#   --drain-timeout S seconds to wait for the replies after the last request [DRAIN_TIMEOUT, 180]
set -euo pipefail
source "$(dirname "$0")/service.sh"

EVENTS="${EVENTS:-10000}"
SENDERS="${SENDERS:-16}"
RATE="${RATE:-0}"
KILL_AT="${KILL_AT:-0.4}"
WARMUP="${WARMUP:-20}"
PORT="${PORT:-8091}"
FAKE_PORT="${FAKE_PORT:-8092}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-180}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --senders) SENDERS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --kill-at) KILL_AT="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --fake-port) FAKE_PORT="$2"; shift 2 ;;
    --db) DB_NAME="$2"; shift 2 ;;
    --drain-timeout) DRAIN_TIMEOUT="$2"; shift 2 ;;
    *) echo "Unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

PERF_JAR="$REPO_ROOT/perf/target/benchmarks.jar"
if [[ ! -f "$PERF_JAR" ]]; then
  echo "Missing $PERF_JAR: run ./mvnw -B -q -ntp -DskipTests package at the repository root" >&2
  exit 2
fi
require_jar

OUT="$REPO_ROOT/perf/target"
mkdir -p "$OUT"
SERVICE_LOG="$OUT/webhook-storm-service.log"
KILL_FILE="$OUT/webhook-storm.kill"
: >"$SERVICE_LOG"
rm -f "$KILL_FILE"
DRIVER_PID=""
cleanup() {
  stop_service
  if [[ -n "$DRIVER_PID" ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then kill "$DRIVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

FAKE="http://127.0.0.1:$FAKE_PORT"
# The storm unit and channel secrets match WebhookStorm's constants. System properties rather
# than UNITS_STORM_* environment variables: exact names, no ambiguity in Micronaut's env mapping.
SERVICE_OPTS=(
  -Dchannels.messenger.graph-api-url="$FAKE/graph"
  -Dchannels.messenger.app-secret=storm-app-secret
  -Dchannels.messenger.verify-token=storm-verify-token
  -Dchannels.messenger.rate-per-second=100000
  -Dchannels.zalo.api-url="$FAKE/zalo"
  -Dchannels.zalo.oauth-url="$FAKE/oauth"
  -Dchannels.zalo.app-id=360846524940903967
  -Dchannels.zalo.app-secret=storm-zalo-app-secret
  -Dchannels.zalo.oa-secret-key=storm-oa-secret-key
  -Dchannels.zalo.rate-per-minute=6000000
  -Dunits.storm.name="Xã Bão (storm test)"
  -Dunits.storm.messenger.page-id=1122334455
  -Dunits.storm.messenger.page-access-token=storm-page-token
  -Dunits.storm.zalo.oa-id=388613280878808645
  -Dunits.storm.zalo.access-token=storm-zalo-access
  -Dunits.storm.zalo.refresh-token=storm-zalo-refresh
  -Dbot.default-unit=storm
)

reset_database
report_db_settings

# The driver starts the fakes first (the service checks nothing at start-up, but replies need them).
java -cp "$PERF_JAR" vn.friendlygov.perf.WebhookStorm --events "$EVENTS" --senders "$SENDERS" --rate "$RATE" \
  --service-port "$PORT" --fake-port "$FAKE_PORT" --kill-at "$KILL_AT" --warmup "$WARMUP" --kill-file "$KILL_FILE" \
  --drain-timeout "$DRAIN_TIMEOUT" > >(tee "$OUT/webhook-storm-driver.log") 2>&1 &
DRIVER_PID=$!

start_service "$PORT" "$SERVICE_LOG" "${SERVICE_OPTS[@]}"
wait_ready "$PORT"
STARTUP_MS=$READY_MS
log "Service ready after ${STARTUP_MS} ms"

# Watch for the driver's kill request while it runs; everything is bounded by the driver's own
# timeouts, and this loop by a hard limit of 30 minutes.
DEADLINE=$(( $(date +%s) + 1800 ))
KILLED=0
while kill -0 "$DRIVER_PID" 2>/dev/null; do
  if (( $(date +%s) > DEADLINE )); then
    echo "Hard time limit reached: stopping the driver" >&2
    kill "$DRIVER_PID"
    break
  fi
  if [[ $KILLED == 0 && -f "$KILL_FILE" ]]; then
    log "kill -9 $SERVICE_PID ($(cat "$KILL_FILE"))"
    kill -KILL "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
    KILLED=1
    sleep 2
    echo "---- restart after kill -9 ----" >>"$SERVICE_LOG"
    start_service "$PORT" "$SERVICE_LOG" "${SERVICE_OPTS[@]}"
    wait_ready "$PORT"
    RESTART_MS=$READY_MS
    log "Service ready again after ${RESTART_MS} ms"
  fi
  sleep 0.1
done
set +e
wait "$DRIVER_PID"
RESULT=$?
set -e
log "Driver finished with status $RESULT (output also in $OUT/webhook-storm-driver.log)"
DRIVER_PID=""

echo "== Service: first start ${STARTUP_MS} ms to ready; killed with SIGKILL: $([[ $KILLED == 1 ]] && echo "yes, restart ${RESTART_MS} ms to ready" || echo no)"
echo "== Database after the run (inbox_event and outbox by status)"
mysql_cli -t -e "SELECT 'inbox_event' AS tbl, status, COUNT(*) AS n FROM \`$DB_NAME\`.inbox_event GROUP BY status
                 UNION ALL SELECT 'outbox', status, COUNT(*) FROM \`$DB_NAME\`.outbox GROUP BY status" || true
echo "== Errors in the service log: $(grep -c ' ERROR ' "$SERVICE_LOG" || true) (log: $SERVICE_LOG)"
stop_service
exit "$RESULT"
