# Shared by perf/load-chat.sh and perf/webhook-storm.sh (sourced, not run): start, wait for and
# stop the service jar on a MariaDB/MySQL database. Everything binds to 127.0.0.1.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BOT_JAR="${BOT_JAR:-$REPO_ROOT/bot/target/bot-0.1.0-SNAPSHOT.jar}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-3306}"
DB_NAME="${DB_NAME:-friendlygov_perf}"
DB_USER="${DB_USER:-root}"
DB_PASSWORD="${DB_PASSWORD:-}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx1g}"
STARTUP_TIMEOUT_S="${STARTUP_TIMEOUT_S:-180}"
SERVICE_PID=""

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

now_ms() { date +%s%3N; }

require_jar() {
  if [[ ! -f "$BOT_JAR" ]]; then
    echo "Missing $BOT_JAR: run ./mvnw -B -q -ntp -DskipTests package at the repository root" >&2
    exit 2
  fi
}

mysql_cli() {
  mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$@"
}

# Drops and re-creates the database. Refuses names without "perf" in them: never a real database.
reset_database() {
  if [[ "$DB_NAME" != *perf* ]]; then
    echo "Refusing to drop database '$DB_NAME': its name must contain 'perf'" >&2
    exit 2
  fi
  log "Re-creating database $DB_NAME"
  mysql_cli -e "DROP DATABASE IF EXISTS \`$DB_NAME\`; CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
}

# Logs the database settings that decide write stalls; warns when the redo log is the ~100 MB default
# (a storm keeps it full and InnoDB flushes in the foreground: see perf/README.md).
report_db_settings() {
  local log_size pool
  log_size=$(mysql_cli -N -e "SELECT @@innodb_log_file_size" 2>/dev/null || echo 0)
  pool=$(mysql_cli -N -e "SELECT @@innodb_buffer_pool_size" 2>/dev/null || echo 0)
  log "Database: innodb_log_file_size $(( log_size / 1048576 )) MB, innodb_buffer_pool_size $(( pool / 1048576 )) MB"
  if (( log_size < 512 * 1048576 )); then
    log "WARNING: a redo log under 512 MB stalls writes under a storm; for these runs: SET GLOBAL innodb_log_file_size = 1073741824"
  fi
}

# The service's URL for the perf database. DB_DRIVER=mysql: MySQL Connector/J, for a MySQL server;
# the default is MariaDB's own driver (Connector/J drops milliseconds against MariaDB 10.x: README, database).
jdbc_url() {
  if [[ "${DB_DRIVER:-mariadb}" == mysql ]]; then
    echo "jdbc:mysql://$DB_HOST:$DB_PORT/$DB_NAME?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&characterEncoding=UTF-8&allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048&useLocalSessionState=true${DB_URL_EXTRA:-}"
  else
    echo "jdbc:mariadb://$DB_HOST:$DB_PORT/$DB_NAME?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&useBulkStmts=true&cachePrepStmts=true&prepStmtCacheSize=250${DB_URL_EXTRA:-}"
  fi
}

# start_service PORT LOGFILE [java -D options...]: starts the jar in the background (SERVICE_PID).
start_service() {
  local port="$1" logfile="$2"
  shift 2
  require_jar
  (
    cd "$REPO_ROOT"
    export BOT_PORT="$port"
    export BOT_ADMIN_PASSWORD="${BOT_ADMIN_PASSWORD:-perf-admin-password}"
    export DATASOURCES_DEFAULT_URL="$(jdbc_url)"
    export DATASOURCES_DEFAULT_USERNAME="$DB_USER"
    export DATASOURCES_DEFAULT_PASSWORD="$DB_PASSWORD"
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -Dmicronaut.server.host=127.0.0.1 "$@" -jar "$BOT_JAR"
  ) >>"$logfile" 2>&1 &
  SERVICE_PID=$!
  log "Service started: pid $SERVICE_PID, port $port, log $logfile"
}

# wait_ready PORT: waits for GET /health = 200 and sets READY_MS to the milliseconds it took.
# Runs in the calling shell (not in $(...)) so that it can report how the service ended.
READY_MS=""
wait_ready() {
  local port="$1" start deadline status
  start=$(now_ms)
  deadline=$(( start + STARTUP_TIMEOUT_S * 1000 ))
  while (( $(now_ms) < deadline )); do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      status=0
      wait "$SERVICE_PID" 2>/dev/null || status=$?
      echo "The service (pid $SERVICE_PID) exited during start-up with status $status; see its log" >&2
      SERVICE_PID=""
      return 1
    fi
    if [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/health")" == 200 ]]; then
      READY_MS=$(( $(now_ms) - start ))
      return 0
    fi
    sleep 0.1
  done
  echo "No ready /health within ${STARTUP_TIMEOUT_S}s" >&2
  return 1
}

# Stops the service politely, then for good after 20 s.
stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    log "Stopping service pid $SERVICE_PID"
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 200); do
      kill -0 "$SERVICE_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}
