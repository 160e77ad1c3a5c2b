#!/usr/bin/env bash
# Scenario `requestlog`: throughput of authenticated requests with the request log (async writer + metrics) on and
# off, alternating on/off/on/off against the same throw-away database so both variants see the same machine state.
# Each run: a fresh server, POST /v1/real-world-behavior with a valid body for a segment the empty database cannot
# fill (422 INSUFFICIENT_DATA from the cached aggregate: authenticated and logged, no aggregation, so the figure
# isolates the cost of logging), BENCH_REQUESTS requests after BENCH_WARMUP, BENCH_CONCURRENCY
# workers. Prints the load generator's JSON per run, then one summary line: the ratio of mean throughputs and the
# median of the per-round ratios (on/off of adjacent runs, less sensitive to load from other processes); target 0.90.
# The `requestLog.enabled: false` switch exists for this comparison only.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=ops/lib/services.sh
source ops/lib/services.sh
# shellcheck source=ops/lib/server-jvm.sh
source ops/lib/server-jvm.sh
parse_database_url

: "${BENCH_REQUESTS:=15000}"
: "${BENCH_WARMUP:=3000}"
: "${BENCH_CONCURRENCY:=16}"
: "${BENCH_ROUNDS:=4}"

SERVICE=service/target/enrichment-service.jar
LOADGEN=bench/target/enrichment-bench.jar
WORK=$(mktemp -d)
DB="bench_requestlog_$$"
BENCH_DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
SERVER_PID=""

psql_admin() {
  PGPASSWORD=$DATABASE_PASSWORD psql -q -h "$(_svc_bare_host "$PG_HOST")" -p "$PG_PORT" -U "$DATABASE_USER" \
    -d postgres -v ON_ERROR_STOP=1 -c "$1" >/dev/null
}

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    _svc_tcp_open 127.0.0.1 "$p" || { echo "$p"; return; }
  done
}

app() { # command... (config.yml appended)
  DATABASE_URL=$BENCH_DATABASE_URL java -jar "$SERVICE" "$@" config.yml
}

psql_admin "CREATE DATABASE $DB"
app db migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; exit 1; }
KEY=$(app keys create --partner bench-requestlog --per-minute 2000000000 --per-day 2000000000 2>/dev/null |
  sed -n 's/^ *key: *//p' | head -n 1)
[ -n "$KEY" ] || { echo "requestlog: could not create a key" >&2; exit 1; }
printf '%s' '{"user_segment":{"segment_id":"sf-coffee","geographic_region":"san_francisco"}}' >"$WORK/body.json"

run() { # enabled(true|false)
  local enabled=$1 port admin
  port=$(free_port)
  admin=$(free_port)
  DATABASE_URL=$BENCH_DATABASE_URL java ${SERVER_JVM_OPTS[@]+"${SERVER_JVM_OPTS[@]}"} -Ddw.server.applicationConnectors[0].port="$port" \
    -Ddw.server.adminConnectors[0].port="$admin" -Ddw.requestLog.enabled="$enabled" -Ddw.logging.level=WARN \
    -jar "$SERVICE" server config.yml >"$WORK/server-$enabled.log" 2>&1 &
  SERVER_PID=$!
  local waited=0
  until curl -fsS "http://127.0.0.1:$admin/ping" >/dev/null 2>&1; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -gt 120 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -n 30 "$WORK/server-$enabled.log" >&2
      exit 1
    fi
  done
  java -jar "$LOADGEN" --url "http://127.0.0.1:$port/v1/real-world-behavior" --method POST \
    --header "Authorization: Bearer $KEY" --header "Content-Type: application/json" \
    --body-file "$WORK/body.json" --concurrency "$BENCH_CONCURRENCY" --requests "$BENCH_REQUESTS" \
    --warmup "$BENCH_WARMUP" --label "requestlog-$enabled"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

: >"$WORK/results.jsonl"
for _ in $(seq "$BENCH_ROUNDS"); do
  run true | tee -a "$WORK/results.jsonl"
  run false | tee -a "$WORK/results.jsonl"
done

jq -s -c --argjson requests "$BENCH_REQUESTS" --argjson concurrency "$BENCH_CONCURRENCY" '
  def mean: add / length;
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r3: . * 1000 | round / 1000;
  (map(select(.label == "requestlog-true") | .throughput_rps)) as $on
  | (map(select(.label == "requestlog-false") | .throughput_rps)) as $off
  | [range(0; $on | length) | $on[.] / $off[.]] as $ratios
  | {scenario: "requestlog", requests_per_run: $requests, concurrency: $concurrency, rounds: ($on | length),
     logging_on_rps: ($on | mean | round), logging_off_rps: ($off | mean | round),
     ratio_of_means: (($on | mean) / ($off | mean) | r3), round_ratios: ($ratios | map(r3)),
     median_round_ratio: ($ratios | median | r3), target: 0.9}' "$WORK/results.jsonl"
