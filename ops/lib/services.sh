# shellcheck shell=bash disable=SC2016
# Makes PostgreSQL and Redis available for the Enrichment API; sourced by ops/run and ops/test.
#
#   ensure_postgres   PostgreSQL at $DATABASE_URL: reachable -> use it; installed -> start it;
#                     missing on Debian/Ubuntu -> apt-get install postgresql, then start it.
#   ensure_redis      the same for Redis at $REDIS_URL (apt package redis-server).
#   ensure_database   the login role $DATABASE_USER / $DATABASE_PASSWORD and the database
#                     named in $DATABASE_URL, owned by that role. Idempotent.
#
# Servers are only started or installed when the address is local (127.0.0.1/localhost/::1).
# Safe under `set -euo pipefail`. Progress goes to stderr.

: "${DATABASE_URL:=jdbc:postgresql://127.0.0.1:5432/enrichment}"
: "${DATABASE_USER:=enrichment}"
: "${DATABASE_PASSWORD:=enrichment}"
: "${REDIS_URL:=redis://127.0.0.1:6379}"
export DATABASE_URL DATABASE_USER DATABASE_PASSWORD REDIS_URL

# Where a Redis (or a PostgreSQL created without postgresql-common) started by these scripts
# keeps its log and files.
: "${ENRICHMENT_STATE_DIR:=${XDG_STATE_HOME:-${HOME:-/tmp}/.local/state}/enrichment}"
: "${ENRICHMENT_WAIT_SECONDS:=60}"

_svc_log() { printf '%s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, through sudo otherwise.
_svc_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    _svc_log "error: '$*' needs root and sudo is not installed; run it as root, then re-run this script"
    return 1
  fi
}

_svc_is_local() {
  case "$1" in
    127.0.0.1 | localhost | ::1 | '[::1]') return 0 ;;
    *) return 1 ;;
  esac
}

# A host without IPv6 brackets.
_svc_bare_host() {
  local h=${1#[}
  printf '%s\n' "${h%]}"
}

# Exit status 0 when something accepts TCP connections at host $1, port $2.
_svc_tcp_open() {
  local host port=$2
  host=$(_svc_bare_host "$1")
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# Exit status 0 when a PostgreSQL server answers at host $1, port $2 (an SSLRequest gets 'S' or
# 'N'; a bare TCP connect is not enough where a proxy accepts any connection), and, when
# pg_isready is installed, accepts connections (not still starting up).
_pg_probe() {
  local host port=$2
  host=$(_svc_bare_host "$1")
  timeout 4 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\000\000\000\010\004\322\026\057" >&3
    IFS= read -r -n 1 -t 3 reply <&3 || exit 1
    [ "$reply" = S ] || [ "$reply" = N ]' "$host" "$port" 2>/dev/null || return 1
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$host" -p "$port" -t 3 >/dev/null 2>&1 || return 1
  fi
}

# Exit status 0 when a Redis server answers PING at host $1, port $2 (+PONG, or an error such
# as -NOAUTH: either way it is Redis).
_redis_probe() {
  local host port=$2
  host=$(_svc_bare_host "$1")
  timeout 4 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "PING\r\n" >&3
    IFS= read -r -t 3 reply <&3 || exit 1
    case "$reply" in +* | -*) exit 0 ;; *) exit 1 ;; esac' "$host" "$port" 2>/dev/null
}

_svc_wait_ready() { # name probe host port
  local name=$1 probe=$2 host=$3 port=$4 waited=0
  while ! "$probe" "$host" "$port"; do
    if [ "$waited" -ge "$ENRICHMENT_WAIT_SECONDS" ]; then
      _svc_log "$name: still not accepting connections at $host:$port after ${waited}s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  _svc_log "$name: accepting connections at $host:$port"
}

_svc_has_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; }

_svc_apt_install() { # package...
  _svc_log "apt: apt-get update (allowed to fail when offline)"
  _svc_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 ||
    _svc_log "apt: apt-get update failed; installing from the local package lists/cache"
  mkdir -p "$ENRICHMENT_STATE_DIR"
  local logf=$ENRICHMENT_STATE_DIR/apt-install.log
  _svc_log "apt: apt-get install -y $* (output in $logf)"
  if ! _svc_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$logf" 2>&1; then
    tail -n 20 "$logf" >&2
    _svc_log "apt: could not install $*; install it yourself (sudo apt-get install $*) and re-run"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

# Sets PG_HOST, PG_PORT, PG_DB from $DATABASE_URL (jdbc:postgresql://host[:port]/db[?params]).
parse_database_url() {
  local rest hostport
  rest=${DATABASE_URL#jdbc:}
  rest=${rest#postgresql://}
  rest=${rest#postgres://}
  rest=${rest%%\?*}
  hostport=${rest%%/*}
  hostport=${hostport##*@}  # tolerate user[:password]@ in a libpq-style URL
  hostport=${hostport%%,*}  # first host of a multi-host URL
  PG_DB=${rest#*/}
  [ "$PG_DB" = "$rest" ] && PG_DB=""
  if [[ $hostport == \[*\]* ]]; then # [ipv6]:port
    PG_HOST=${hostport%%]*}]
    PG_PORT=${hostport#"$PG_HOST"}
    PG_PORT=${PG_PORT#:}
  elif [[ $hostport == *:* ]]; then
    PG_HOST=${hostport%%:*}
    PG_PORT=${hostport#*:}
  else
    PG_HOST=$hostport
    PG_PORT=""
  fi
  : "${PG_HOST:=127.0.0.1}" "${PG_PORT:=5432}" "${PG_DB:=enrichment}"
  if ! [[ $PG_PORT =~ ^[0-9]+$ ]]; then
    _svc_log "postgres: cannot read a port from DATABASE_URL=$DATABASE_URL"
    return 1
  fi
}

# Newest /usr/lib/postgresql/VERSION with a server binary, or nothing.
_pg_version_dir() {
  local d best="" bestv=0 v
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    v=${d#/usr/lib/postgresql/}
    v=${v%%/*}
    [[ $v =~ ^[0-9]+$ ]] || continue
    if [ "$v" -gt "$bestv" ]; then bestv=$v best=/usr/lib/postgresql/$v; fi
  done
  [ -n "$best" ] && printf '%s\n' "$best"
}

_pg_installed() {
  [ -n "$(_pg_version_dir)" ] || command -v postgres >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1
}

_pg_tail_log() { # file
  [ -r "$1" ] && { _svc_log "postgres: last lines of $1:"; tail -n 15 "$1" >&2; }
  return 0
}

# Starts a local server on $PG_PORT with postgresql-common (Debian/Ubuntu packages).
_pg_start_cluster() {
  local verdir ver name="" status="" logf="" c_ver c_name c_port c_status c_log
  verdir=$(_pg_version_dir) || true
  ver=${verdir##*/}
  # An existing cluster on the wanted port, any version.
  while read -r c_ver c_name c_port c_status _ _ c_log; do
    if [ "$c_port" = "$PG_PORT" ]; then
      ver=$c_ver name=$c_name status=$c_status logf=$c_log
      break
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
  if [ -z "$name" ]; then
    if [ -z "$ver" ]; then
      _svc_log "postgres: no server binaries under /usr/lib/postgresql; reinstall the postgresql package"
      return 1
    fi
    name=main
    if [ -d "/etc/postgresql/$ver/main" ]; then name=enrichment$PG_PORT; fi
    _svc_log "postgres: creating cluster $ver/$name on port $PG_PORT (pg_createcluster)"
    _svc_root pg_createcluster --port "$PG_PORT" "$ver" "$name" >&2 || return 1
    status=down logf=/var/log/postgresql/postgresql-$ver-$name.log
  fi
  : "${logf:=/var/log/postgresql/postgresql-$ver-$name.log}"
  if [ "$status" != online ]; then
    _svc_log "postgres: starting cluster $ver/$name on port $PG_PORT (pg_ctlcluster)"
    if ! _svc_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2; then
      _pg_tail_log "$logf"
      return 1
    fi
  else
    _svc_log "postgres: cluster $ver/$name is online but not reachable over TCP; check listen_addresses"
  fi
  _svc_wait_ready postgres _pg_probe "$PG_HOST" "$PG_PORT" || { _pg_tail_log "$logf"; return 1; }
}

# Starts a private server with initdb/pg_ctl (PostgreSQL installed without postgresql-common,
# e.g. Homebrew). Superuser `postgres`, trust authentication, listening on 127.0.0.1 only.
_pg_start_private() {
  local bindir="" initdb pg_ctl data
  if command -v pg_ctl >/dev/null 2>&1; then bindir=$(dirname "$(command -v pg_ctl)"); fi
  [ -z "$bindir" ] && bindir="$(_pg_version_dir)/bin"
  initdb=$bindir/initdb pg_ctl=$bindir/pg_ctl
  if [ ! -x "$initdb" ] || [ ! -x "$pg_ctl" ]; then
    _svc_log "postgres: found a server but not initdb/pg_ctl next to it; start PostgreSQL on $PG_HOST:$PG_PORT yourself"
    return 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    _svc_log "postgres: cannot run initdb as root without postgresql-common; start PostgreSQL on $PG_HOST:$PG_PORT yourself"
    return 1
  fi
  data=$ENRICHMENT_STATE_DIR/postgres-$PG_PORT
  mkdir -p "$ENRICHMENT_STATE_DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    _svc_log "postgres: initdb $data (superuser postgres, trust auth on localhost)"
    "$initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$ENRICHMENT_STATE_DIR/initdb.log" 2>&1 ||
      { _pg_tail_log "$ENRICHMENT_STATE_DIR/initdb.log"; return 1; }
  fi
  _svc_log "postgres: starting $data on 127.0.0.1:$PG_PORT (pg_ctl)"
  "$pg_ctl" -D "$data" -l "$data/server.log" -w -t "$ENRICHMENT_WAIT_SECONDS" \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $data" start >&2 ||
    { _pg_tail_log "$data/server.log"; return 1; }
  _svc_wait_ready postgres _pg_probe "$PG_HOST" "$PG_PORT"
}

ensure_postgres() {
  parse_database_url || return 1
  if _pg_probe "$PG_HOST" "$PG_PORT"; then
    _svc_log "postgres: reachable at $PG_HOST:$PG_PORT"
    return 0
  fi
  if _svc_tcp_open "$PG_HOST" "$PG_PORT"; then
    _svc_log "postgres: $PG_HOST:$PG_PORT accepts TCP but does not answer as a ready PostgreSQL; waiting"
    _svc_wait_ready postgres _pg_probe "$PG_HOST" "$PG_PORT" && return 0
    _svc_log "postgres: $PG_HOST:$PG_PORT is not a PostgreSQL server ready for connections; check DATABASE_URL"
    return 1
  fi
  if ! _svc_is_local "$PG_HOST"; then
    _svc_log "postgres: nothing accepts connections at $PG_HOST:$PG_PORT (from DATABASE_URL)."
    _svc_log "postgres: start that server, or point DATABASE_URL at a reachable one (13+)."
    return 1
  fi
  _svc_log "postgres: not running at $PG_HOST:$PG_PORT"
  if ! _pg_installed; then
    if _svc_has_apt; then
      _svc_log "postgres: installing postgresql with apt"
      _svc_apt_install postgresql || return 1
    else
      _svc_log "postgres: PostgreSQL 13+ is not installed and this is not a Debian/Ubuntu system."
      _svc_log "postgres: install it (macOS: brew install postgresql@16; Fedora/RHEL: sudo dnf install postgresql-server postgresql),"
      _svc_log "postgres: then re-run this script (it starts it), or start it on $PG_HOST:$PG_PORT and set DATABASE_URL."
      return 1
    fi
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1; then
    _pg_start_cluster
  else
    _pg_start_private
  fi
}

# psql on PATH or from the newest installed server.
_pg_psql() {
  if command -v psql >/dev/null 2>&1; then
    command -v psql
  elif [ -n "$(_pg_version_dir)" ] && [ -x "$(_pg_version_dir)/bin/psql" ]; then
    printf '%s\n' "$(_pg_version_dir)/bin/psql"
  else
    return 1
  fi
}

# The SQL that creates/updates the role and the database; needs psql variables role, pw, db.
_pg_setup_sql() {
  cat <<'SQL'
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB CREATEROLE PASSWORD %L', :'role', :'pw')
  FROM pg_roles WHERE rolname = :'role' AND NOT rolsuper \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role')
  FROM pg_database WHERE datname = :'db' AND pg_get_userbyid(datdba) <> :'role' \gexec
SQL
}

_pg_manual_hint() {
  _svc_log "postgres: as a PostgreSQL superuser, run:"
  _svc_log "    CREATE ROLE \"$DATABASE_USER\" LOGIN CREATEDB CREATEROLE PASSWORD '<DATABASE_PASSWORD>';"
  _svc_log "    CREATE DATABASE \"$PG_DB\" OWNER \"$DATABASE_USER\";"
}

ensure_database() {
  parse_database_url || return 1
  local psql admin=""
  local -a vars=(-v "role=$DATABASE_USER" -v "pw=$DATABASE_PASSWORD" -v "db=$PG_DB")
  if ! psql=$(_pg_psql); then
    _svc_log "postgres: psql not found, so the role and database cannot be checked or created."
    _svc_log "postgres: install the client (Debian/Ubuntu: sudo apt-get install postgresql-client), or create them yourself:"
    _pg_manual_hint
    return 1
  fi
  # 1. The superuser `postgres` over TCP without a password (trust auth, or ~/.pgpass/PGPASSWORD).
  if PGCONNECT_TIMEOUT=5 "$psql" -w -X -q -h "$(_svc_bare_host "$PG_HOST")" -p "$PG_PORT" -U postgres -d postgres \
    -Atc 'select 1' >/dev/null 2>&1; then
    admin="postgres@$PG_HOST:$PG_PORT"
    _pg_setup_sql | PGCONNECT_TIMEOUT=5 "$psql" -w -X -q -h "$(_svc_bare_host "$PG_HOST")" -p "$PG_PORT" -U postgres \
      -d postgres "${vars[@]}" >/dev/null || return 1
  # 2. The postgres OS user over the local socket (peer auth on a Debian cluster).
  elif _svc_is_local "$PG_HOST" && id postgres >/dev/null 2>&1; then
    local -a as_pg=()
    if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
      as_pg=(runuser -u postgres --)
    elif [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n -u postgres true 2>/dev/null; then
      as_pg=(sudo -n -u postgres)
    fi
    if [ ${#as_pg[@]} -gt 0 ] &&
      (cd / && "${as_pg[@]}" "$psql" -w -X -q -p "$PG_PORT" -d postgres -Atc 'select 1') >/dev/null 2>&1; then
      admin="postgres (local socket)"
      _pg_setup_sql | (cd / && "${as_pg[@]}" "$psql" -w -X -q -p "$PG_PORT" -d postgres "${vars[@]}") >/dev/null ||
        return 1
    fi
  fi
  if [ -z "$admin" ]; then
    # No admin access: fine if the role and database are already there.
    if PGPASSWORD=$DATABASE_PASSWORD PGCONNECT_TIMEOUT=5 "$psql" -w -X -q -h "$(_svc_bare_host "$PG_HOST")" -p "$PG_PORT" \
      -U "$DATABASE_USER" -d "$PG_DB" -Atc 'select 1' >/dev/null 2>&1; then
      _svc_log "postgres: no superuser access, but $DATABASE_USER can already log in to $PG_DB; using it"
      return 0
    fi
    _svc_log "postgres: no superuser access to $PG_HOST:$PG_PORT (tried postgres over TCP without a password,"
    _svc_log "postgres: and the postgres OS user over the local socket)."
    _pg_manual_hint
    return 1
  fi
  _svc_log "postgres: role $DATABASE_USER and database $PG_DB ready (as $admin)"
  if ! PGPASSWORD=$DATABASE_PASSWORD PGCONNECT_TIMEOUT=5 "$psql" -w -X -q -h "$(_svc_bare_host "$PG_HOST")" -p "$PG_PORT" \
    -U "$DATABASE_USER" -d "$PG_DB" -Atc 'select 1' >/dev/null 2>&1; then
    _svc_log "postgres: but $DATABASE_USER cannot log in to $PG_DB over TCP with DATABASE_PASSWORD; check pg_hba.conf"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

# Sets REDIS_HOST, REDIS_PORT, REDIS_PASSWORD from $REDIS_URL (redis[s]://[[user]:password@]host[:port][/db]).
parse_redis_url() {
  local rest hostport userinfo=""
  rest=${REDIS_URL#redis://}
  rest=${rest#rediss://}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  if [[ $rest == *@* ]]; then userinfo=${rest%@*} hostport=${rest##*@}; else hostport=$rest; fi
  REDIS_PASSWORD=""
  [[ $userinfo == *:* ]] && REDIS_PASSWORD=${userinfo#*:}
  if [[ $hostport == \[*\]* ]]; then
    REDIS_HOST=${hostport%%]*}]
    REDIS_PORT=${hostport#"$REDIS_HOST"}
    REDIS_PORT=${REDIS_PORT#:}
  elif [[ $hostport == *:* ]]; then
    REDIS_HOST=${hostport%%:*}
    REDIS_PORT=${hostport#*:}
  else
    REDIS_HOST=$hostport REDIS_PORT=""
  fi
  : "${REDIS_HOST:=127.0.0.1}" "${REDIS_PORT:=6379}"
  if ! [[ $REDIS_PORT =~ ^[0-9]+$ ]]; then
    _svc_log "redis: cannot read a port from REDIS_URL=$REDIS_URL"
    return 1
  fi
}

_redis_server_bin() {
  local b
  for b in "$(command -v redis-server 2>/dev/null || true)" /usr/bin/redis-server /usr/sbin/redis-server \
    /usr/local/bin/redis-server /opt/homebrew/bin/redis-server; do
    [ -n "$b" ] && [ -x "$b" ] && { printf '%s\n' "$b"; return 0; }
  done
  return 1
}

ensure_redis() {
  parse_redis_url || return 1
  if _redis_probe "$REDIS_HOST" "$REDIS_PORT"; then
    _svc_log "redis: reachable at $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  if _svc_tcp_open "$REDIS_HOST" "$REDIS_PORT"; then
    _svc_log "redis: $REDIS_HOST:$REDIS_PORT accepts TCP but does not answer PING; waiting"
    _svc_wait_ready redis _redis_probe "$REDIS_HOST" "$REDIS_PORT" && return 0
    _svc_log "redis: $REDIS_HOST:$REDIS_PORT is not a Redis server; check REDIS_URL"
    return 1
  fi
  if ! _svc_is_local "$REDIS_HOST"; then
    _svc_log "redis: nothing accepts connections at $REDIS_HOST:$REDIS_PORT (from REDIS_URL)."
    _svc_log "redis: start that server, or point REDIS_URL at a reachable Redis 6+."
    return 1
  fi
  _svc_log "redis: not running at $REDIS_HOST:$REDIS_PORT"
  local bin
  if ! bin=$(_redis_server_bin); then
    if _svc_has_apt; then
      _svc_log "redis: installing redis-server with apt"
      _svc_apt_install redis-server || return 1
      bin=$(_redis_server_bin) || { _svc_log "redis: redis-server still not found after apt-get install"; return 1; }
    else
      _svc_log "redis: Redis 6+ is not installed and this is not a Debian/Ubuntu system."
      _svc_log "redis: install it (macOS: brew install redis; Fedora/RHEL: sudo dnf install redis), then re-run this script,"
      _svc_log "redis: or start it on $REDIS_HOST:$REDIS_PORT and set REDIS_URL."
      return 1
    fi
  fi
  mkdir -p "$ENRICHMENT_STATE_DIR"
  local logf=$ENRICHMENT_STATE_DIR/redis-$REDIS_PORT.log bind=127.0.0.1
  case "$REDIS_HOST" in ::1 | '[::1]') bind=::1 ;; esac
  local -a auth=()
  [ -n "$REDIS_PASSWORD" ] && auth=(--requirepass "$REDIS_PASSWORD")
  _svc_log "redis: starting $bin on $bind:$REDIS_PORT (log $logf)"
  if ! "$bin" --daemonize yes --bind "$bind" --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$ENRICHMENT_STATE_DIR" --logfile "$logf" --pidfile "$ENRICHMENT_STATE_DIR/redis-$REDIS_PORT.pid" \
    ${auth[@]+"${auth[@]}"} >&2; then
    [ -r "$logf" ] && tail -n 15 "$logf" >&2
    return 1
  fi
  _svc_wait_ready redis _redis_probe "$REDIS_HOST" "$REDIS_PORT" || { [ -r "$logf" ] && tail -n 15 "$logf" >&2; return 1; }
}

# ---------------------------------------------------------------------------------------------
# Binaries the test suite starts itself: private redis-server instances (outage and Redis Cluster
# tests), redis-cli (cluster creation) and Prometheus (every dashboard query evaluated for real).
# ---------------------------------------------------------------------------------------------

ensure_test_tools() {
  local -a missing=()
  _redis_server_bin >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || [ -x /usr/bin/redis-cli ] || missing+=(redis-tools)
  command -v prometheus >/dev/null 2>&1 || [ -n "${PROMETHEUS_BIN:-}" ] || missing+=(prometheus)
  if [ ${#missing[@]} -eq 0 ]; then
    _svc_log "tools: redis-server, redis-cli and prometheus present"
    return 0
  fi
  if ! _svc_has_apt; then
    _svc_log "tools: the tests need ${missing[*]}; install them (Debian/Ubuntu packages redis-server, redis-tools, prometheus)"
    return 1
  fi
  _svc_log "tools: installing ${missing[*]} with apt"
  _svc_apt_install --no-install-recommends "${missing[@]}" || return 1
  # Debian's package starts a Prometheus daemon where systemd runs; the tests start their own.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    _svc_root systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
}
