#!/usr/bin/env bash
# Scenario `ratelimit` (ops/bench ratelimit): what the Redis rate limiter costs an authenticated request.
#
# Three servers from the same jar, on free ports, sharing a throw-away database and a private Redis:
#   off      rateLimit.enabled=false (no limiter at all)
#   buckets  the limiter, for a key whose limits are above exactLimitThreshold (bucketed windows)
#   log      the limiter, for a key counted in the exact log (threshold raised above its limits)
# Each round runs GET /v1/usage against every variant in turn (off, buckets, log; closed loop, BENCH_REQUESTS
# requests at BENCH_CONCURRENCY), BENCH_ROUNDS rounds after one warm-up round. Redis commands per request
# come from INFO commandstats deltas around each run (these include the commands the script runs inside
# Redis) and, for round trips, from a short MONITOR-ed run per variant (target: exactly 1 EVALSHA sent).
# Prints one JSON line per run, then a summary line with the medians and the ratios to `off`.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=ops/lib/services.sh
source ops/lib/services.sh
# shellcheck source=ops/lib/server-jvm.sh
source ops/lib/server-jvm.sh

REQUESTS=${BENCH_REQUESTS:-10000}
CONCURRENCY=${BENCH_CONCURRENCY:-32}
ROUNDS=${BENCH_ROUNDS:-3}
JAR=service/target/enrichment-service.jar
LOADGEN=bench/target/enrichment-bench.jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-ratelimit.XXXXXX")
DB=bench_ratelimit_$$
PIDS=()
REDIS_PID=""
DB_CREATED=""

log() { printf 'bench ratelimit: %s\n' "$*" >&2; }

parse_database_url
PSQL=$(_pg_psql) || { log "psql not found (Debian/Ubuntu: apt-get install postgresql-client)"; exit 1; }
export PGPASSWORD=$DATABASE_PASSWORD
psql_admin() { "$PSQL" -h "$PG_HOST" -p "$PG_PORT" -U "$DATABASE_USER" -d postgres -v ON_ERROR_STOP=1 -qAtc "$1"; }

cleanup() {
  local pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  if [ -n "$DB_CREATED" ]; then psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  while :; do
    p=$((10000 + RANDOM % 20000)) # below the usual ephemeral range (32768-60999)
    port_free "$p" && { printf '%s\n' "$p"; return; }
  done
}

# A private Redis keeps INFO commandstats free of other clients' commands; without redis-server, the
# configured one is used and the counts may include other clients' traffic.
if bin=$(_redis_server_bin); then
  RPORT=$(free_port)
  "$bin" --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
  REDIS_PID=$!
  BENCH_REDIS_URL=redis://127.0.0.1:$RPORT
  RCLI=(redis-cli -h 127.0.0.1 -p "$RPORT")
  for _ in $(seq 100); do "${RCLI[@]}" ping >/dev/null 2>&1 && break; sleep 0.1; done
else
  parse_redis_url
  BENCH_REDIS_URL=$REDIS_URL
  RCLI=(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT")
  [ -n "$REDIS_PASSWORD" ] && RCLI+=(-a "$REDIS_PASSWORD" --no-auth-warning)
  log "redis-server not installed: using $REDIS_HOST:$REDIS_PORT; command counts may include other clients"
fi
command -v redis-cli >/dev/null 2>&1 || { log "redis-cli not found (it comes with redis-server / redis-tools)"; exit 1; }

psql_admin "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
DBURL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
JAVA_COMMON=(-Ddw.database.url="$DBURL" -Ddw.redis.url="$BENCH_REDIS_URL" -Ddw.logging.level=WARN)
java "${JAVA_COMMON[@]}" -jar "$JAR" db migrate config.yml >"$WORK/migrate.log" 2>&1 ||
  { cat "$WORK/migrate.log" >&2; exit 1; }

create_key() { # per-minute per-day
  java "${JAVA_COMMON[@]}" -jar "$JAR" keys create --partner bench --per-minute "$1" --per-day "$2" \
    --name "bench $1/$2" config.yml | awk '$1 == "key:" { print $2 }'
}
# Above the default exactLimitThreshold (1000): bucketed windows; admits every request of the run.
KEY_BUCKETS=$(create_key 1000000000 1000000000)
# At most the raised threshold: the exact log (one sorted-set entry per request, up to 100 000 per window).
KEY_LOG=$(create_key 100000 100000)
LOG_TOTAL=$(((ROUNDS + 1) * REQUESTS))
[ "$LOG_TOTAL" -lt 100000 ] || { log "BENCH_ROUNDS+1 times BENCH_REQUESTS must stay below 100000 (the log key's limit)"; exit 2; }

declare -A PORT ADMIN
start_server() { # name extra-java-options...
  local name=$1 app admin attempt pid
  shift
  # A free port can be taken between the probe and the bind (the machine is shared): try a few.
  for attempt in 1 2 3 4 5; do
    app=$(free_port)
    admin=$(free_port)
    while [ "$admin" = "$app" ]; do admin=$(free_port); done
    HTTP_BIND_HOST=127.0.0.1 java ${SERVER_JVM_OPTS[@]+"${SERVER_JVM_OPTS[@]}"} "${JAVA_COMMON[@]}" "$@" -Ddw.server.applicationConnectors[0].port="$app" \
      -Ddw.server.adminConnectors[0].port="$admin" -jar "$JAR" server config.yml >"$WORK/$name.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    PORT[$name]=$app
    ADMIN[$name]=$admin
    for _ in $(seq 600); do
      curl -fsS "http://127.0.0.1:$admin/ping" >/dev/null 2>&1 && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    grep -q 'Address already in use' "$WORK/$name.log" || break
    log "server $name: port taken (attempt $attempt), trying others"
  done
  log "server $name did not start:"
  tail -n 30 "$WORK/$name.log" >&2
  exit 1
}
start_server off -Ddw.rateLimit.enabled=false
start_server buckets
start_server log -Ddw.rateLimit.exactLimitThreshold=100000

key_of() { case $1 in off | buckets) printf '%s\n' "$KEY_BUCKETS" ;; log) printf '%s\n' "$KEY_LOG" ;; esac; }

# Calls per command since the server started, e.g. "evalsha 1234".
command_calls() {
  "${RCLI[@]}" info commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p'
}

run() { # variant round
  local v=$1 round=$2 before after line requests
  before=$(command_calls)
  line=$(java -jar "$LOADGEN" --url "http://127.0.0.1:${PORT[$v]}/v1/usage" \
    --header "Authorization: Bearer $(key_of "$v")" --concurrency "$CONCURRENCY" --requests "$REQUESTS" \
    --label "$v")
  after=$(command_calls)
  requests=$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' <<<"$line")
  # Commands executed during the run (including those inside the script), without this script's INFO calls.
  local per
  per=$(LC_ALL=C join -a2 -e0 -o 0,1.2,2.2 <(LC_ALL=C sort <<<"$before") <(LC_ALL=C sort <<<"$after") |
    awk -v n="$requests" '$1 != "info" && $3 > $2 { d = $3 - $2; total += d; parts = parts sprintf("%s\"%s\":%.4f", sep, $1, d / n); sep = "," }
      END { printf "{\"all\":%.4f,%s}", total / n, parts }')
  line=$(printf '{"scenario":"ratelimit","round":%s,"variant":"%s","run":%s,"redis_commands_per_request":%s}' \
    "$round" "$v" "$line" "$per")
  printf '%s\n' "$line"
  [ "$round" -eq 0 ] || printf '%s\n' "$line" >>"$WORK/results.jsonl"
}

# Round trips per request: commandstats also counts the commands a script runs, MONITOR tells them apart
# ("[db lua]" for those run by a script, "[db address]" for those a client sent). An untimed run of its own,
# since MONITOR slows Redis down.
round_trips() { # variant
  local v=$1 mpid line requests sent scripted
  "${RCLI[@]}" monitor >"$WORK/monitor.txt" &
  mpid=$!
  sleep 0.5
  line=$(java -jar "$LOADGEN" --url "http://127.0.0.1:${PORT[$v]}/v1/usage" \
    --header "Authorization: Bearer $(key_of "$v")" --concurrency 8 --requests 1000 --label "$v")
  sleep 0.5
  kill "$mpid" 2>/dev/null || true
  wait "$mpid" 2>/dev/null || true
  requests=$(sed -n 's/.*"requests":\([0-9]*\).*/\1/p' <<<"$line")
  scripted=$(grep -Ec '^[0-9.]+ \[[0-9]+ lua\] ' "$WORK/monitor.txt" || true)
  # Commands clients sent, by name, per request (besides the limiter's EVALSHA: the pool's idle-connection
  # PINGs and HELLO/CLIENT SETNAME of new connections, from all three servers).
  sent=$({ grep -E '^[0-9.]+ \[[0-9]+ [0-9.:]+\] ' "$WORK/monitor.txt" || true; } | sed -E 's/^[^"]*"([^"]*)".*/\1/' | tr '[:upper:]' '[:lower:]' |
    sort | uniq -c | awk -v n="$requests" '{ total += $1; parts = parts sprintf(",\"%s\":%.4f", $2, $1 / n) }
      END { printf "{\"all\":%.4f%s}", total / n, parts }')
  printf '{"scenario":"ratelimit","variant":"%s","monitored_requests":%s,"sent_per_request":%s,"run_by_script_per_request":%s}\n' \
    "$v" "$requests" "$sent" "$(awk -v a="$scripted" -v n="$requests" 'BEGIN { printf "%.4f", a / n }')"
}

log "dataset: one key per variant; GET /v1/usage; $REQUESTS requests per run at concurrency $CONCURRENCY; $ROUNDS rounds"
for v in off buckets log; do run "$v" 0 >/dev/null; done # warm-up: JIT, pools, auth cache
for v in off buckets log; do round_trips "$v"; done
for round in $(seq "$ROUNDS"); do
  for v in off buckets log; do run "$v" "$round"; done
done

# Medians over the rounds, and ratios to `off`.
summary=$(awk '
  { v = $0; sub(/.*"variant":"/, "", v); sub(/".*/, "", v)
    t = $0; sub(/.*"throughput_rps":/, "", t); sub(/,.*/, "", t)
    p = $0; sub(/.*"p99_ms":/, "", p); sub(/,.*/, "", p)
    m = $0; sub(/.*"p50_ms":/, "", m); sub(/,.*/, "", m)
    c = $0; sub(/.*"redis_commands_per_request":\{"all":/, "", c); sub(/[,}].*/, "", c)
    n[v]++; T[v, n[v]] = t; P[v, n[v]] = p; M[v, n[v]] = m; C[v, n[v]] = c }
  function median(A, v, k,   i, j, x, a) {
    for (i = 1; i <= k; i++) a[i] = A[v, i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END {
    to = median(T, "off", n["off"]); po = median(P, "off", n["off"]); mo = median(M, "off", n["off"])
    printf "{\"scenario\":\"ratelimit\",\"summary\":true"
    for (i = 1; i <= 3; i++) {
      v = i == 1 ? "off" : i == 2 ? "buckets" : "log"
      t = median(T, v, n[v]); p = median(P, v, n[v]); m = median(M, v, n[v]); c = median(C, v, n[v])
      printf ",\"%s\":{\"throughput_rps\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"redis_commands_per_request\":%.4f,\"throughput_vs_off\":%.3f,\"p50_vs_off\":%.3f,\"p99_vs_off\":%.3f}", v, t, m, p, c, t / to, m / mo, p / po
    }
    printf "}\n" }' "$WORK/results.jsonl")
printf '%s\n' "$summary"
# Checks that failed on Redis (admitted unchecked, failing open): e.g. the 50 ms socket timeout on a
# saturated machine.
for v in buckets log; do
  metrics=$(curl -fsS "http://127.0.0.1:${ADMIN[$v]}/metrics")
  count() { grep -o "\"$1\":{\"count\":[0-9]*" <<<"$metrics" | grep -o '[0-9]*$' || echo 0; }
  printf '{"scenario":"ratelimit","variant":"%s","limiter_checks":%s,"admitted":%s,"refused":%s,"redis_errors":%s}\n' \
    "$v" "$(count ratelimit.check)" "$(count ratelimit.admitted)" "$(count ratelimit.refused)" "$(count ratelimit.redis-errors)"
done
log "memory per key (MEMORY USAGE): $(for k in $("${RCLI[@]}" --scan --pattern 'enrichment:rl:*'); do printf '%s=%sB ' "${k##*:}" "$("${RCLI[@]}" memory usage "$k")"; done)"
