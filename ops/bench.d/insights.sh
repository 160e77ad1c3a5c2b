#!/usr/bin/env bash
# Insight endpoints on a synthetic population (demo-data): cold (segment cache off, on a server whose JVM has been
# warmed up, beside the same figures from a just-started one) p50/p95 per endpoint for a city segment and for the
# whole population at 100 000 agents; warm (cached) p50/p99 and throughput at 32
# concurrent connections (with the server's own latency timer beside the client's figures), with admission
# (api.concurrency, the default) and without it, two servers measured in alternating rounds; last, how cold time grows
# with the data: 10 000 agents (and 1 000 000) loaded into databases of their own, each with its own cold server, and
# the city segment's cold time measured on every size in alternating rounds, so that the ratios compare requests a
# minute apart, not figures taken a quarter of an hour apart ("growth cold city ..." lines: per round and the median of
# the rounds, beside the ratios of agents and members, and the exponent, 1 being linear).
# 1 000 000 agents only with BENCH_INSIGHTS_MILLION=1 (loading takes several minutes on a 2-core machine).
# The load generator drives its connections from one event-loop thread (--event-loops 1); the default server's warm
# figures are also measured with a blocking thread per connection ("thread per connection" lines).
# Runs in throw-away databases and on free ports; prints JSON lines (the load generator's, with labels).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=ops/lib/services.sh
source ops/lib/services.sh
# shellcheck source=ops/lib/server-jvm.sh
source ops/lib/server-jvm.sh
: "${DATABASE_URL:=jdbc:postgresql://127.0.0.1:5432/enrichment}"
: "${DATABASE_USER:=enrichment}" "${DATABASE_PASSWORD:=enrichment}"
parse_database_url
export PGPASSWORD=$DATABASE_PASSWORD

DB="enrichment_bench_insights_$$"
DATABASES=("$DB")
SERVERS=()
JAR=service/target/enrichment-service.jar
BENCH=bench/target/enrichment-bench.jar
WORK=$(mktemp -d)
SERVER_PID=""
OTHER_PID=""
COLD_PID=""

psql_admin() { psql -w -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$DATABASE_USER" -d postgres "$@"; }
cleanup() {
  for pid in $SERVER_PID $OTHER_PID $COLD_PID ${SERVERS[@]+"${SERVERS[@]}"}; do
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  done
  for db in "${DATABASES[@]}"; do psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

create_database() { # name: migrated, with a key (printed)
  psql_admin -c "CREATE DATABASE $1" >/dev/null
  DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$1" java -jar "$JAR" db migrate config.yml >/dev/null 2>&1
  DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$1" java -jar "$JAR" keys create --partner bench-insights \
    --per-minute 1000000 --per-day 100000000 config.yml | awk '/^ *key:/ {print $2}'
}
export DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
KEY=$(create_database "$DB")

load() { # agents
  java -jar "$JAR" demo-data --agents "$1" --seed 42 --replace config.yml 2>/dev/null >&2
}

start_server() { # extra -D options...; $SERVER_CONFIG: the configuration file (config.yml)
  PORT=$(free_port)
  ADMIN=$(free_port)
  HTTP_PORT=$PORT ADMIN_PORT=$ADMIN java ${SERVER_JVM_OPTS[@]+"${SERVER_JVM_OPTS[@]}"} "$@" -Ddw.logging.level=WARN \
    -jar "$JAR" server "${SERVER_CONFIG:-config.yml}" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v1/openapi.json" 2>/dev/null)" != 000 ] && return 0
    sleep 0.5
  done
  echo "bench insights: server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

body() { # endpoint region(or "") segment-id; $SEGMENT_EXTRA: more segment fields (",\"demographics\":{...}")
  local segment
  if [ -n "$2" ]; then segment="{\"segment_id\":\"$3\",\"geographic_region\":\"$2\"${SEGMENT_EXTRA:-}}"; else segment="{\"segment_id\":\"$3\"}"; fi
  case "$1" in
    quantum-personality) printf '{"user_segment":%s,"product_quantum_state":{"category":"cafe","price":"mid","style":"coffee","features":["art"],"attributes":{"energy_level":0.6,"novelty":0.7}},"candidate_products":[{"product_id":"a","category":"bar","attributes":{"energy_level":0.9}},{"product_id":"b","category":"cafe","price":"budget"}]}' "$segment" ;;
    community-influence) printf '{"user_segment":%s,"product_category":"cafe"}' "$segment" ;;
    *) printf '{"user_segment":%s,"product_context":{"category":"cafe"}}' "$segment" ;;
  esac
}

# The load generator's connections are driven by one event-loop thread, as wrk drives them, not by a thread each:
# on 2 cores, 32 client threads waking for every answer compete with the server for the cores and add their own
# scheduling delays to the latencies (CLIENT="--event-loops 0": a thread per connection; compared below).
CLIENT="--event-loops 1"
measure() { # label endpoint region segment-id concurrency requests seconds warmup
  body "$2" "$3" "$4" >"$WORK/body.json"
  # shellcheck disable=SC2086 # CLIENT is a list of options
  java -jar "$BENCH" --url "http://127.0.0.1:$PORT/v1/$2" --method POST --body-file "$WORK/body.json" \
    --header "Authorization: Bearer $KEY" --header "Content-Type: application/json" $CLIENT \
    --concurrency "$5" --requests "$6" --seconds "$7" --warmup "$8" --label "$1"
}

ENDPOINTS=(real-world-behavior quantum-personality community-influence)

echo "bench insights: loading 100000 agents" >&2
load 100000
dataset() { # database size: the data its figures are measured on, and the buffer cache (docs/operations.md)
  psql -w -X -q -At -h "$PG_HOST" -p "$PG_PORT" -U "$DATABASE_USER" -d "$1" -c "SELECT json_build_object('dataset',
    'demo-data seed 42', 'size', '$2', 'agents', (SELECT count(*) FROM personality_profiles), 'actions', (SELECT count(*) FROM user_actions),
    'connections', (SELECT count(*) FROM ai2ai_connections), 'city_segment_consenting',
    (SELECT count(*) FROM get_agent_ids_for_segment('san_francisco')),
    'shared_buffers', current_setting('shared_buffers'))" | tee -a "$WORK/sizes.jsonl"
}
dataset "$DB" 100k

# Every figure is taken on a warm JVM: every endpoint's code is compiled before any is measured (otherwise the first
# one measured pays for JIT compilation and the later ones look faster only for coming later). On 2 cores the C2
# compiler keeps a core busy for several minutes of traffic (seen: 35 s of compiler CPU), so warm-up rounds over
# all endpoints repeat until a round costs the C2 compiler threads less than 1 s of CPU (at most 20 rounds).
c2_ticks() { # pid: CPU ticks (utime + stime) of that server's C2 compiler threads
  local total=0 task
  for task in /proc/"$1"/task/*; do
    if [[ "$(cat "$task/comm" 2>/dev/null)" == C2* ]]; then
      total=$((total + $(awk '{print $14 + $15}' "$task/stat")))
    fi
  done
  echo "$total"
}
warm_up() { # label pid port segment-id concurrency
  local round before spent
  for round in $(seq 1 20); do
    before=$(c2_ticks "$2")
    for ep in "${ENDPOINTS[@]}"; do
      PORT=$3 measure "jvm warm-up $ep" "$ep" san_francisco "$4" "$5" 2000000 10 0 >/dev/null
    done
    spent=$(( $(c2_ticks "$2") - before ))
    echo "bench insights: warm-up ($1) round $round: C2 compiler CPU ${spent} ticks" >&2
    [ "$spent" -lt "$(getconf CLK_TCK)" ] && break
  done
  return 0 # after the last round either way
}

echo "bench insights: cold (cache off), 100000 agents" >&2
# One server with the cache off measures every cold figure, at every size (the data is reloaded under it).
start_server -Ddw.segments.cacheTtlMinutes=0
COLD_PORT=$PORT COLD_PID=$SERVER_PID SERVER_PID=""
# What a server answers in its first seconds, before its JVM has compiled its own code (reported, not quoted as
# cold time: that is a cache miss on a running server). 40 requests each, so that the p95 is the 38th of 40 and
# not simply the slowest request, as it is out of 15.
for ep in "${ENDPOINTS[@]}"; do
  PORT=$COLD_PORT measure "just-started jvm cold city 100k $ep" "$ep" san_francisco sf 1 40 120 2
done
# Its JVM is warmed on a small segment (the city's members aged 30, 178 of them): the same code, each cold
# computation a few milliseconds.
SEGMENT_EXTRA=',"demographics":{"age_range":[30,30]}' warm_up "cache off" "$COLD_PID" "$COLD_PORT" sf-aged-30 2
for ep in "${ENDPOINTS[@]}"; do
  PORT=$COLD_PORT measure "cold city 100k $ep" "$ep" san_francisco sf 1 40 120 2
done
for ep in "${ENDPOINTS[@]}"; do
  PORT=$COLD_PORT measure "cold population 100k $ep" "$ep" "" everyone 1 2 120 0
done

echo "bench insights: warm (cache on), 100000 agents, 32 connections: admission on, off, and a bare server" >&2
# Three servers on the same database, measured in alternating rounds so that all see the same machine; the ratios
# between them are the figures to quote: the default (admission on), one without admission, and a bare one, whose
# requests skip every per-request service that is not the answer itself (rate limiting and its Redis round trip,
# admission, the request log, the access log): what the same answers cost without them, on the same cores.
start_server -Ddw.api.concurrency.enabled=false
OFF_PORT=$PORT OFF_ADMIN=$ADMIN OTHER_PID=$SERVER_PID
python3 - config.yml "$WORK/bare.yml" <<'PY'
import re, sys
config = open(sys.argv[1]).read()
bare, n = re.subn(r"(?m)^  requestLog:\n(?:    .*\n)+", "  requestLog:\n    appenders: []\n", config)
assert n == 1, "server.requestLog not found in config.yml"
open(sys.argv[2], "w").write(bare)
PY
SERVER_CONFIG="$WORK/bare.yml" start_server -Ddw.rateLimit.enabled=false -Ddw.api.concurrency.enabled=false \
  -Ddw.requestLog.enabled=false
BARE_PORT=$PORT BARE_PID=$SERVER_PID
SERVERS+=("$BARE_PID")
start_server
ON_PORT=$PORT ON_ADMIN=$ADMIN ON_PID=$SERVER_PID
warm_up "admission on" "$ON_PID" "$ON_PORT" sf 32
warm_up "admission off" "$OTHER_PID" "$OFF_PORT" sf 32
warm_up "bare" "$BARE_PID" "$BARE_PORT" sf 32
# Beside what the load generator saw, the time inside the server for the same endpoint (its enrichment.latency timer:
# from the request's arrival to the response, so without the client's own scheduling on the shared cores; a
# decaying reservoir, so mostly the last minute: this measurement and the previous one of that endpoint).
server_side() { # label endpoint admin-port
  curl -sf "http://127.0.0.1:$3/metrics" | python3 -c 'import json, sys
t = json.load(sys.stdin)["timers"]["enrichment.latency./v1/" + sys.argv[2]]
print(json.dumps({"label": sys.argv[1], "source": "server enrichment.latency timer", "count": t["count"],
                  **{k + "_ms": round(t[k] * 1000, 2) for k in ("p50", "p95", "p99", "p999")}}))' "$1" "$2"
}
for round in 1 2; do
  for ep in "${ENDPOINTS[@]}"; do
    PORT=$ON_PORT measure "warm city 100k $ep c32 round $round" "$ep" san_francisco sf 32 200000 15 3000
    server_side "warm city 100k $ep c32 round $round server-side" "$ep" "$ON_ADMIN"
    # the same server and requests under the earlier load generator, a blocking thread per connection
    CLIENT="--event-loops 0" PORT=$ON_PORT measure "warm city 100k $ep c32 round $round thread per connection" "$ep" \
      san_francisco sf 32 200000 15 3000
    PORT=$OFF_PORT measure "warm city 100k $ep c32 round $round admission off" "$ep" san_francisco sf 32 200000 15 3000
    server_side "warm city 100k $ep c32 round $round admission off server-side" "$ep" "$OFF_ADMIN"
    # (no server-side line: the latency timers are the request log's)
    PORT=$BARE_PORT measure "warm city 100k $ep c32 round $round bare" "$ep" san_francisco sf 32 200000 15 3000
  done
done
stop_server
SERVER_PID=$OTHER_PID OTHER_PID=""
stop_server
SERVER_PID=$BARE_PID
stop_server

# Growth. The other sizes get databases and cold servers of their own (warmed like the first), so that every size can
# be measured within the same minute: in each round, every endpoint on every size in turn. Before a size's measured
# requests, warm-up requests bring its pages back into the buffer cache the other sizes' requests have used.
declare -A COLD_PORTS=([100k]=$COLD_PORT) KEYS=([100k]=$KEY)
SIZES=(10k 100k)
[ "${BENCH_INSIGHTS_MILLION:-0}" = 1 ] && SIZES+=(1m)
declare -A AGENTS=([10k]=10000 [1m]=1000000)
for size in "${SIZES[@]}"; do
  [ "$size" = 100k ] && continue
  echo "bench insights: cold (cache off), ${AGENTS[$size]} agents" >&2
  db="${DB}_$size"
  DATABASES+=("$db")
  KEYS[$size]=$(create_database "$db")
  DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" load "${AGENTS[$size]}"
  dataset "$db" "$size"
  DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" start_server -Ddw.segments.cacheTtlMinutes=0
  COLD_PORTS[$size]=$PORT
  SERVERS+=("$SERVER_PID")
  KEY=${KEYS[$size]} SEGMENT_EXTRA=',"demographics":{"age_range":[30,30]}' warm_up "cache off, $size" "$SERVER_PID" "$PORT" sf-aged-30 2
  SERVER_PID=""
done
if [ "${BENCH_INSIGHTS_MILLION:-0}" != 1 ]; then
  echo '{"label":"cold city 1m","skipped":"set BENCH_INSIGHTS_MILLION=1 (loading 1 000 000 agents takes minutes on 2 cores)"}'
fi
declare -A REQUESTS=([10k]=5 [100k]=5 [1m]=3) WARMUP=([10k]=2 [100k]=2 [1m]=1)
for round in 1 2 3; do
  echo "bench insights: growth round $round (${SIZES[*]})" >&2
  for ep in "${ENDPOINTS[@]}"; do
    for size in "${SIZES[@]}"; do
      KEY=${KEYS[$size]} PORT=${COLD_PORTS[$size]} measure "growth round $round cold city $size $ep" "$ep" san_francisco sf 1 \
        "${REQUESTS[$size]}" 120 "${WARMUP[$size]}" | tee -a "$WORK/growth.jsonl"
    done
  done
done

# For each endpoint and each pair of sizes: the ratio of the city segment's cold p50s in each round and their median,
# beside the ratios of agents and of members, and the exponent of the median (1: time grows linearly with the agents).
python3 - "$WORK/sizes.jsonl" "$WORK/growth.jsonl" <<'PY'
import itertools, json, math, statistics, sys
agents, members, p50 = {}, {}, {}
for line in open(sys.argv[1]):
    row = json.loads(line)
    agents[row["size"]], members[row["size"]] = row["agents"], row["city_segment_consenting"]
for line in open(sys.argv[2]):
    row = json.loads(line)
    _, _, rnd, _, _, size, endpoint = row["label"].split(" ")
    p50.setdefault(endpoint, {}).setdefault(size, {})[rnd] = row["p50_ms"]
for endpoint, by_size in p50.items():
    for small, large in itertools.combinations([s for s in ("10k", "100k", "1m") if s in by_size], 2):
        rounds = sorted(set(by_size[small]) & set(by_size[large]))
        ratios = [by_size[large][r] / by_size[small][r] for r in rounds]
        median = statistics.median(ratios)
        print(json.dumps({"label": f"growth cold city {endpoint} {small} to {large}",
                          "agents_ratio": round(agents[large] / agents[small], 2),
                          "members_ratio": round(members[large] / members[small], 2),
                          "p50_ms": {small: [by_size[small][r] for r in rounds], large: [by_size[large][r] for r in rounds]},
                          "p50_ratio_per_round": [round(r, 2) for r in ratios],
                          "p50_ratio_median": round(median, 2),
                          "exponent": round(math.log(median) / math.log(agents[large] / agents[small]), 2)}))
PY
