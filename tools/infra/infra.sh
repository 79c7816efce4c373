#!/usr/bin/env bash
# The project's local infrastructure: PostgreSQL, Redis, Kafka, InfluxDB and an SMTP catcher, each
# a plain process on this machine (no Docker needed), all state in .infra/, downloads in .cache/.
#
#   bash tools/infra/infra.sh up [svc...]     start (or reuse) and wait until ready; idempotent
#   bash tools/infra/infra.sh down [svc...]   stop what this checkout started (TERM, wait, KILL)
#   bash tools/infra/infra.sh status          one line per service; exit 1 if any is down
#   bash tools/infra/infra.sh reset           down, wipe .infra, up
#   bash tools/infra/infra.sh logs <svc> [-f] the service's log (last 200 lines, -f follows)
#   bash tools/infra/infra.sh kill <svc>      SIGKILL (fault tests: simulates a crash)
#
# Services: postgres redis kafka influxdb smtp. Ports come from platform.config.json.
# docs/infrastructure.md explains the choices made here.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
# shellcheck disable=SC1091 # path relative to the repo root, where we just cd-ed
source tools/node/ensure-node.sh || exit 1

STATE="$ROOT/.infra"
CACHE="$ROOT/.cache"
INFRA_DIR="$ROOT/tools/infra"
SERVICES=(postgres redis kafka influxdb smtp)
SVC_CHOICES="postgres|redis|kafka|influxdb|smtp"
NODE_BIN="$(command -v node)"
cfg="$(node "$INFRA_DIR/lib/config.mjs" shell)" || { echo "[infra] cannot read platform.config.json" >&2; exit 1; }
eval "$cfg"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$INFRA_DIR/kafka/pom.xml")"
KAFKA_LIBS="$CACHE/kafka/$KAFKA_VERSION/libs"
KAFKA_HEAP="${GT_KAFKA_HEAP:--Xms256m -Xmx768m}"
MAILDEV_JS="$ROOT/node_modules/maildev/dist/bin/maildev.js"
_locked=""
EXPLICIT=0

# ---------------------------------------------------------------- helpers

log() { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
err() { printf '[infra] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }
rel() { printf '%s' "${1#"$ROOT"/}"; }
now() { printf '%s' "${EPOCHREALTIME/[.,]/}"; } # microseconds
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", (b - a) / 1e6 }'; }
is_root() { [ "$(id -u)" -eq 0 ]; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
# A TCP connect on loopback either succeeds or is refused at once; `timeout` guards the odd case.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

svc_label() {
  case $1 in
    postgres) echo PostgreSQL ;; redis) echo Redis ;; kafka) echo Kafka ;;
    influxdb) echo InfluxDB ;; smtp) echo 'SMTP catcher (maildev)' ;;
  esac
}
svc_port() {
  case $1 in
    postgres) echo "$PG_PORT" ;; redis) echo "$REDIS_PORT" ;; kafka) echo "$KAFKA_PORT" ;;
    influxdb) echo "$INFLUX_PORT" ;; smtp) echo "$SMTP_PORT" ;;
  esac
}
# Every port the service binds: a start is refused up front if any of them is taken by a stranger.
svc_ports() {
  case $1 in
    kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ;; influxdb) echo "$INFLUX_PORT $INFLUX_RPC_PORT" ;;
    smtp) echo "$SMTP_PORT $SMTP_WEB_PORT" ;; *) svc_port "$1" ;;
  esac
}
svc_ports_label() {
  case $1 in
    kafka) echo "$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)" ;; influxdb) echo "$INFLUX_PORT" ;;
    smtp) echo "$SMTP_PORT (web $SMTP_WEB_PORT)" ;; *) svc_port "$1" ;;
  esac
}
svc_log() {
  case $1 in
    postgres) echo "$STATE/postgres/postgres.log" ;; redis) echo "$STATE/redis/redis.log" ;;
    kafka) echo "$STATE/kafka/server.log" ;; influxdb) echo "$STATE/influxdb/influxd.log" ;;
    smtp) echo "$STATE/smtp/maildev.log" ;;
  esac
}
svc_pidfile() {
  case $1 in
    postgres) echo "$STATE/postgres/data/postmaster.pid" ;; redis) echo "$STATE/redis/redis.pid" ;;
    kafka) echo "$STATE/kafka/kafka.pid" ;; influxdb) echo "$STATE/influxdb/influxd.pid" ;;
    smtp) echo "$STATE/smtp/maildev.pid" ;;
  esac
}
svc_timeout() {
  case $1 in
    kafka) echo "${GT_INFRA_KAFKA_TIMEOUT:-60}" ;; *) echo "${GT_INFRA_TIMEOUT:-30}" ;;
  esac
}
# What the process's command line must contain. our_pid also demands a path under .infra/ in
# its command line or working directory: a stale pid file (after a reboot) may name an unrelated
# process, even the machine's own PostgreSQL or Redis, and we must never signal those.
svc_signature() {
  case $1 in
    postgres) echo postgres ;; redis) echo redis-server ;; kafka) echo kafka.Kafka ;;
    influxdb) echo influxd ;; smtp) echo maildev ;;
  esac
}
valid_svc() { case $1 in postgres | redis | kafka | influxdb | smtp) return 0 ;; *) return 1 ;; esac; }

# Pid of the service's process if this checkout started it and it is alive; empty otherwise.
our_pid() {
  local f pid who
  f="$(svc_pidfile "$1")"
  [ -r "$f" ] || return 0
  pid="$(head -n1 "$f" | tr -dc '0-9')"
  alive "$pid" || return 0
  who="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) $(readlink "/proc/$pid/cwd" 2>/dev/null)"
  [[ $who == *"$(svc_signature "$1")"* && $who == *"$STATE/"* ]] && echo "$pid"
  return 0
}

# Starts a long-running process in its own session (so a Ctrl-C or a job runner killing the
# caller's process group does not take it down) and records its real pid: the inner bash writes
# $$ and then execs, so the pid is the service's own whether or not setsid had to fork.
# fd 9 (the infra lock) is closed so the service does not hold the lock for its whole life.
spawn() {
  local pidfile="$1" logfile="$2" i
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner bash
  setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  # Readiness checks use the pid to notice a process that died at once; wait for the file.
  for ((i = 0; i < 50; i++)); do [ -s "$pidfile" ] && return 0; sleep 0.02; done
  err "no pid file $(rel "$pidfile") after 1 s"
  return 1
}

# Keeps logs of long-lived local stacks bounded: one old generation is kept.
rotate_log() { [ -f "$1" ] && [ "$(stat -c %s "$1")" -gt 52428800 ] && mv -f "$1" "$1.1"; return 0; }

tail_log() { [ -f "$1" ] && { echo "---- last lines of $(rel "$1") ----" >&2; tail -n 20 "$1" >&2; }; return 0; }

# ---------------------------------------------------------------- system packages

pg_bin_dir() {
  local want="" v d
  [ -n "${GT_PG_BIN:-}" ] && { echo "$GT_PG_BIN"; return; }
  # A cluster can only be run by the major version that created it.
  [ -r "$STATE/postgres/data/PG_VERSION" ] && want="$(cat "$STATE/postgres/data/PG_VERSION")"
  for v in $want 15; do
    [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { echo "/usr/lib/postgresql/$v/bin"; return; }
  done
  [ -n "$want" ] && return
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

# Installs missing Debian packages when root (apt-get update first), else says the exact command.
ensure_packages() {
  local svc pkgs=()
  command -v curl >/dev/null || pkgs+=(curl)
  command -v flock >/dev/null && command -v setsid >/dev/null || pkgs+=(util-linux)
  for svc in "$@"; do
    case $svc in
      postgres) [ -n "$(pg_bin_dir)" ] || pkgs+=(postgresql-15) ;;
      redis) command -v redis-server >/dev/null && command -v redis-cli >/dev/null || pkgs+=(redis-server) ;;
      kafka)
        command -v java >/dev/null || pkgs+=(openjdk-17-jre-headless)
        ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || command -v mvn >/dev/null || pkgs+=(maven)
        ;;
      influxdb) command -v influxd >/dev/null || pkgs+=(influxdb) ;;
      smtp) [ -f "$MAILDEV_JS" ] || die "maildev is missing from node_modules: run \`npm ci\` at the repo root" ;;
    esac
  done
  [ ${#pkgs[@]} -eq 0 ] && return 0
  if is_root && command -v apt-get >/dev/null; then
    log "installing missing system packages: ${pkgs[*]}"
    apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null ||
      die "apt-get install ${pkgs[*]} failed"
  else
    die "missing system packages; install them with: sudo apt-get update && sudo apt-get install -y ${pkgs[*]}"
  fi
  PG_BIN="$(pg_bin_dir)"
}

# ---------------------------------------------------------------- health probes (one quick try)

pg_healthy() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2; }
redis_healthy() { [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
kafka_healthy() { node --disable-warning=TimeoutNegativeWarning "$INFRA_DIR/lib/kafka-topics.mjs" "${1:-check}" 2>/dev/null; }
influx_healthy() {
  curl -s -m 2 -o /dev/null -D - "http://127.0.0.1:$INFLUX_PORT/ping" 2>/dev/null |
    tr -d '\r' | awk 'NR == 1 && $2 == 204 { ok = 1 } tolower($1) == "x-influxdb-version:" { v = 1 } END { exit !(ok && v) }'
}
smtp_healthy() {
  [ "$(curl -s -m 2 "http://127.0.0.1:$SMTP_WEB_PORT/api/healthz" 2>/dev/null)" = true ] && port_open "$SMTP_PORT"
}
# probe=1: "is this the right kind of server at all", used to decide whether to reuse a port.
healthy() {
  case $1 in
    postgres) [ -n "${PG_BIN:-}" ] && pg_healthy ;; redis) redis_healthy ;;
    kafka) port_open "$KAFKA_PORT" && kafka_healthy "$([ "${2:-0}" = 1 ] && echo probe || echo check)" ;;
    influxdb) influx_healthy ;; smtp) smtp_healthy ;;
  esac
}

# ---------------------------------------------------------------- starting

as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local dir="$STATE/postgres" data="$STATE/postgres/data"
  mkdir -p "$dir/run"
  chmod 700 "$dir/run"
  is_root && chown -R postgres: "$dir"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "postgres: initdb (first start) in $(rel "$data")"
    rm -rf "$data"
    # trust on the unix socket (a 0700 directory only its owner can enter) lets this script
    # provision roles; TCP always needs a password (scram-sha-256).
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
      { tail_log "$dir/initdb.log"; err "postgres: initdb failed; log: $(rel "$dir/initdb.log")"; return 1; }
    echo "include_if_exists = 'gt-local.conf'" | as_pg tee -a "$data/postgresql.conf" >/dev/null
  fi
  # Rewritten on every start so a port change in platform.config.json takes effect.
  as_pg tee "$data/gt-local.conf" >/dev/null <<EOF
# Written by tools/infra/infra.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir/run'
unix_socket_permissions = 0700
max_connections = 200
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 128MB
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  rotate_log "$dir/postgres.log"
  # -W: do not wait here; every service is launched first and waited for afterwards.
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -W start >/dev/null 9>&- ||
    { tail_log "$dir/postgres.log"; err "postgres: pg_ctl start failed; log: $(rel "$dir/postgres.log")"; return 1; }
}

start_redis() {
  local dir="$STATE/redis"
  mkdir -p "$dir"
  cat >"$dir/redis.conf" <<EOF
# Written by tools/infra/infra.sh on every start; edit the script, not this file.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile "$dir/redis.pid"
logfile "$dir/redis.log"
dir "$dir"
# Durability: every write is appended to the AOF with write() before the reply goes out, so a
# killed redis process loses nothing (the OS has the bytes); fsync once a second bounds what a
# host crash or power loss can lose to about a second. docs/infrastructure.md has the details.
appendonly yes
appendfsync everysec
appenddirname appendonlydir
aof-use-rdb-preamble yes
# The AOF is the persistence; RDB snapshots would only add fork pauses.
save ""
EOF
  rotate_log "$dir/redis.log"
  redis-server "$dir/redis.conf" >>"$dir/redis.log" 2>&1 9>&- ||
    { tail_log "$dir/redis.log"; err "redis: redis-server refused to start; log: $(rel "$dir/redis.log")"; return 1; }
}

kafka_jars() {
  ls "$KAFKA_LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 && return 0
  local tmp="$KAFKA_LIBS.partial"
  log "kafka: fetching Kafka $KAFKA_VERSION jars from Maven Central into $(rel "$KAFKA_LIBS") (once)"
  rm -rf "$tmp"
  mkdir -p "$tmp" "$STATE/kafka"
  # outputDirectory must be absolute: Maven resolves a relative one against the pom's folder.
  mvn -q -B -Dstyle.color=never -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >"$STATE/kafka/mvn.log" 2>&1 ||
    { tail_log "$STATE/kafka/mvn.log"; err "kafka: mvn could not fetch the jars; log: .infra/kafka/mvn.log"; return 1; }
  # Renamed only when complete, so an interrupted download is never mistaken for a good one.
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
}

start_kafka() {
  local dir="$STATE/kafka" id
  mkdir -p "$dir/data"
  kafka_jars || return 1
  cat >"$dir/server.properties" <<EOF
# Written by tools/infra/infra.sh on every start; edit the script, not this file.
# Single-node KRaft: one process is both broker and controller (static quorum of one voter).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Topics are created on purpose (infra.sh, from platform.config.json), never by a typo.
auto.create.topics.enable=false
# Tests start fresh consumer groups all the time; no reason to wait for more members.
group.initial.rebalance.delay.ms=0
# After a crash (kill -9) the restarted controller keeps the dead broker's registration until
# its session times out (default 9 s) before the new incarnation may register; fault tests
# restart Kafka often, so keep that short. Heartbeats stay within the same process here.
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
log.retention.hours=168
log.segment.bytes=268435456
EOF
  if [ ! -f "$dir/data/meta.properties" ]; then
    id="$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>>"$dir/format.log")"
    # Static quorum (controller.quorum.voters): plain format; --standalone is for dynamic quorums.
    java -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" >>"$dir/format.log" 2>&1 ||
      { tail_log "$dir/format.log"; err "kafka: storage format failed; log: $(rel "$dir/format.log")"; return 1; }
    log "kafka: formatted $(rel "$dir/data") (cluster id $id)"
  fi
  rotate_log "$dir/server.log"
  # Class-data sharing: the JVM spends most of the broker's ~6 s start on 2 cores loading and
  # verifying classes. The first broker run records an archive when it exits (`down`); later
  # runs map it and start ~2 s faster. A stale or foreign archive (other JDK, other jars) is
  # ignored by the JVM with a warning in server.log; delete it to have it recorded again.
  local cds cds_flags
  cds="$CACHE/kafka/$KAFKA_VERSION/kafka-cds-$(java -version 2>&1 | md5sum | cut -c1-8).jsa"
  if [ -s "$cds" ]; then
    cds_flags=("-XX:SharedArchiveFile=$cds")
  else
    # Quiet: the dump lists every class it skips.
    cds_flags=("-XX:ArchiveClassesAtExit=$cds" "-Xlog:cds*=off")
  fi
  # shellcheck disable=SC2086 # KAFKA_HEAP is a list of JVM flags
  spawn "$dir/kafka.pid" "$dir/server.log" java $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true "${cds_flags[@]}" \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -Dkafka.logs.dir="$dir" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties"
}

start_influxdb() {
  local dir="$STATE/influxdb"
  mkdir -p "$dir/meta" "$dir/data" "$dir/wal"
  cat >"$dir/influxdb.conf" <<EOF
# Written by tools/infra/infra.sh on every start; edit the script, not this file.
# No internet here: never phone home.
reporting-disabled = true
bind-address = "127.0.0.1:$INFLUX_RPC_PORT"

[meta]
  dir = "$dir/meta"

[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  wal-fsync-delay = "0s"
  query-log-enabled = false

[monitor]
  # The _internal database would only grow; nothing reads it locally.
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:$INFLUX_PORT"
  auth-enabled = false
  log-enabled = false

[logging]
  format = "logfmt"
  level = "info"

[subscriber]
  enabled = false
EOF
  rotate_log "$dir/influxd.log"
  spawn "$dir/influxd.pid" "$dir/influxd.log" influxd run -config "$dir/influxdb.conf"
}

start_smtp() {
  local dir="$STATE/smtp"
  mkdir -p "$dir/mail"
  rotate_log "$dir/maildev.log"
  # Mails are kept on disk (bounded) so a fault test that restarts the catcher keeps its inbox.
  spawn "$dir/maildev.pid" "$dir/maildev.log" "$NODE_BIN" "$MAILDEV_JS" \
    --smtp "$SMTP_PORT" --ip 127.0.0.1 --web "$SMTP_WEB_PORT" --web-ip 127.0.0.1 \
    --mail-directory "$dir/mail" --max-emails 2000
}

# ---------------------------------------------------------------- readiness and provisioning

# wait_for <svc> <pid> <probe...>: polls the probe until it succeeds, the process dies, or the
# service's timeout passes; the failure message names the log to read.
wait_for() {
  local svc="$1" pid="$2" t deadline
  shift 2
  t="$(svc_timeout "$svc")"
  deadline=$((SECONDS + t))
  until "$@"; do
    if [ -n "$pid" ] && ! alive "$pid"; then
      tail_log "$(svc_log "$svc")"
      err "$(svc_label "$svc") exited during startup; log: $(rel "$(svc_log "$svc")")"
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail_log "$(svc_log "$svc")"
      err "$(svc_label "$svc") did not become ready in $t s; log: $(rel "$(svc_log "$svc")")"
      return 1
    fi
    sleep 0.2
  done
}

provision_postgres() {
  if [ "${MODE[postgres]}" = external ]; then
    # Not ours: no superuser access; only check that the project's login works.
    PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
      -c 'select 1' >/dev/null 2>&1 ||
      warn "the PostgreSQL on port $PG_PORT (not ours) does not accept $PG_USER/*** on database $PG_DB"
    return 0
  fi
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$STATE/postgres/run" -p "$PG_PORT" -U postgres -d postgres \
    -v u="$PG_USER" -v p="$PG_PASSWORD" -v d="$PG_DB" >/dev/null 2>"$STATE/postgres/provision.log" <<'SQL' ||
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
-- CREATEDB: integration tests create throwaway databases.
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SQL
    { tail_log "$STATE/postgres/provision.log"; err "postgres: provisioning role/database failed"; return 1; }
}

provision_influxdb() {
  local out
  # CREATE DATABASE is idempotent in InfluxQL.
  out="$(curl -s -m 5 -XPOST "http://127.0.0.1:$INFLUX_PORT/query" --data-urlencode "q=CREATE DATABASE \"$INFLUX_DB\"")" &&
    ! grep -q '"error"' <<<"$out" || { err "influxdb: CREATE DATABASE $INFLUX_DB failed: $out"; return 1; }
}

# Waits for one service and provisions it. MODE is ours|started|external.
ready_one() {
  local svc="$1" pid rc
  pid="$(our_pid "$svc")"
  case $svc in
    postgres) wait_for postgres "$pid" pg_healthy && provision_postgres ;;
    redis) wait_for redis "$pid" redis_healthy ;;
    influxdb) wait_for influxdb "$pid" influx_healthy && provision_influxdb ;;
    smtp) wait_for smtp "$pid" smtp_healthy ;;
    kafka)
      # The node script polls by itself (one process, not one per attempt) and creates the topics.
      node --disable-warning=TimeoutNegativeWarning "$INFRA_DIR/lib/kafka-topics.mjs" ensure --timeout "$(svc_timeout kafka)" ${pid:+--pid "$pid"}
      rc=$?
      if [ $rc -ne 0 ]; then
        tail_log "$(svc_log kafka)"
        if [ $rc -eq 2 ]; then err "Kafka exited during startup; log: $(rel "$(svc_log kafka)")"
        else err "Kafka did not become ready in $(svc_timeout kafka) s; log: $(rel "$(svc_log kafka)")"; fi
        return 1
      fi
      ;;
  esac
}

# ---------------------------------------------------------------- another checkout's stack

# When a service's port is served by the stack of another checkout of this project (a CI clone
# next to a developer's tree, two worktrees), that checkout's pid files rule its processes. Fault
# tests here must still be able to kill and restart the service, so kill/stop/up of such a
# service are handed to the owner's infra.sh, and the hand-over is remembered in
# .infra/delegated/<svc> so that the next `up` restarts the owner's instance (with its data)
# instead of starting an empty one of ours.

# Root of the other checkout whose process listens on the service's port, if any. Processes that
# infra.sh starts run with the checkout root (or a folder under its .infra/) as working directory.
owner_of() {
  local port pid cwd root
  port="$(svc_port "$1")"
  pid="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2)"
  [ -n "$pid" ] || return 0
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || return 0
  root="${cwd%%/.infra/*}"
  root="${root%/.infra}"
  if [ "$root" != "$ROOT" ] && [ -f "$root/tools/infra/infra.sh" ] && [ -d "$root/.infra" ]; then echo "$root"; fi
  return 0
}

delegated_owner() {
  local f="$STATE/delegated/$1" root
  [ -f "$f" ] || return 0
  root="$(cat "$f")"
  if [ -f "$root/tools/infra/infra.sh" ]; then echo "$root"; else rm -f "$f"; fi
}

# delegate <owner> <command> <svc>: runs the owner's infra.sh for one service.
delegate() {
  log "$3: served by the stack of $1; running its infra.sh $2 $3"
  if [ "$2" != up ]; then mkdir -p "$STATE/delegated" && echo "$1" >"$STATE/delegated/$3"; fi
  bash "$1/tools/infra/infra.sh" "$2" "$3" 9>&- || return 1
  if [ "$2" = up ]; then rm -f "$STATE/delegated/$3"; fi
  return 0
}

# Decides, for one service, between "already ours", "someone else's, reuse it" and "start it".
decide_one() {
  local svc="$1" p
  local owner
  if [ -n "$(our_pid "$svc")" ]; then MODE[$svc]=ours; return 0; fi
  if healthy "$svc" 1; then
    MODE[$svc]=external
    rm -f "$STATE/delegated/$svc"
    owner="$(owner_of "$svc")"
    log "$svc: reusing the $(svc_label "$svc") already answering on port $(svc_port "$svc") (${owner:+stack of $owner, }not started by this checkout)"
    return 0
  fi
  owner="$(delegated_owner "$svc")"
  if [ -n "$owner" ]; then
    # We stopped or killed the owner's instance earlier: bring that one back, with its data.
    if delegate "$owner" up "$svc"; then MODE[$svc]=external; return 0; fi
    MODE[$svc]=failed
    return 1
  fi
  for p in $(svc_ports "$svc"); do
    if port_open "$p"; then
      err "$svc: port $p is taken by something that is not a healthy $(svc_label "$svc"); see: ss -ltnp 'sport = :$p'"
      MODE[$svc]=failed
      return 1
    fi
  done
  MODE[$svc]=started
}

# ---------------------------------------------------------------- stopping

# stop_pid <pid> <signal> <seconds> <label>: graceful first, SIGKILL if it does not finish.
stop_pid() {
  local pid="$1" sig="$2" t="$3" label="$4" i
  kill "-$sig" "$pid" 2>/dev/null || return 0
  for ((i = 0; i < t * 5; i++)); do alive "$pid" || return 0; sleep 0.2; done
  warn "$label did not stop within $t s after SIG$sig; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null
  for ((i = 0; i < 25; i++)); do alive "$pid" || return 0; sleep 0.2; done
  err "$label (pid $pid) is still alive after SIGKILL"
  return 1
}

down_one() {
  local svc="$1" pid
  local owner
  pid="$(our_pid "$svc")"
  if [ -z "$pid" ]; then
    owner="$(owner_of "$svc")"
    # Only a `down <svc>` naming the service reaches into another checkout's stack (a fault
    # test); a plain `down` leaves other stacks alone.
    if [ -n "$owner" ] && [ "$EXPLICIT" = 1 ]; then delegate "$owner" down "$svc"; return; fi
    if port_open "$(svc_port "$svc")"; then log "$svc: not started by this checkout; left running"
    else log "$svc: not running"; fi
    return 0
  fi
  case $svc in
    # SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients and checkpoints. Its SIGTERM
    # ("smart") would wait for every pooled connection of every running service to close.
    postgres) stop_pid "$pid" INT 30 PostgreSQL ;;
    # Kafka's controlled shutdown flushes logs and writes a clean-shutdown marker.
    kafka) stop_pid "$pid" TERM 30 Kafka ;;
    *) stop_pid "$pid" TERM 15 "$(svc_label "$svc")" ;;
  esac || return 1
  [ "$svc" = postgres ] || rm -f "$(svc_pidfile "$svc")"
  log "$svc: stopped (pid $pid)"
}

kill_one() {
  local svc="$1" pid i
  local owner
  pid="$(our_pid "$svc")"
  if [ -z "$pid" ]; then
    owner="$(owner_of "$svc")"
    if [ -n "$owner" ]; then delegate "$owner" kill "$svc"; return; fi
    die "kill $svc: no $(svc_label "$svc") process started by this checkout (pid file $(rel "$(svc_pidfile "$svc")"))"
  fi
  kill -KILL "$pid"
  for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
  # PostgreSQL backends notice their postmaster's death on their own; wait until the port is
  # free so the next `up` does not find a half-dead server answering.
  for ((i = 0; i < 100; i++)); do port_open "$(svc_port "$svc")" || break; sleep 0.1; done
  log "$svc: killed (SIGKILL pid $pid)"
}

# ---------------------------------------------------------------- commands

# One mutating command at a time per checkout (two test runs may both call `up`). Reentrant:
# `reset` holds it while running `down` in a subshell.
lock() {
  [ -n "${_locked:-}" ] && return 0
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another infra.sh holds $(rel "$STATE/.lock") for over 10 minutes"
  _locked=1
}

parse_svcs() {
  local s
  SVCS=()
  [ $# -eq 0 ] && { SVCS=("${SERVICES[@]}"); return; }
  for s in "$@"; do valid_svc "$s" || die "unknown service '$s' (one of: ${SERVICES[*]})"; SVCS+=("$s"); done
}

cmd_up() {
  local t0 svc fail=0 order=() started=()
  t0="$(now)"
  parse_svcs "$@"
  lock
  PG_BIN="$(pg_bin_dir)"
  ensure_packages "${SVCS[@]}"
  declare -gA MODE=()
  local -A jobs=()
  for svc in "${SVCS[@]}"; do decide_one "$svc" || fail=1; done
  # Launch in parallel: the slow first-time steps (initdb, Kafka's storage format, each a few
  # CPU-seconds) overlap, and no launch waits for readiness; readiness is awaited below.
  for svc in "${SVCS[@]}"; do
    [ "${MODE[$svc]}" = started ] || continue
    "start_$svc" &
    jobs[$svc]=$!
  done
  for svc in "${!jobs[@]}"; do wait "${jobs[$svc]}" || { fail=1; MODE[$svc]=failed; }; done
  for svc in postgres redis influxdb smtp kafka; do
    [[ " ${SVCS[*]} " == *" $svc "* ]] || continue
    [ "${MODE[$svc]:-}" = failed ] && continue
    if ready_one "$svc"; then
      [ "${MODE[$svc]}" = started ] && started+=("$svc")
      order+=("$svc")
    else
      fail=1
    fi
  done
  [ ${#started[@]} -gt 0 ] && log "started: ${started[*]}"
  if [ $fail -ne 0 ]; then err "up: some services are not ready (see above); $(elapsed "$t0")"; exit 1; fi
  log "up: ${order[*]} ready in $(elapsed "$t0")"
}

cmd_down() {
  local svc i fail=0
  EXPLICIT=0
  [ $# -gt 0 ] && EXPLICIT=1
  parse_svcs "$@"
  lock
  PG_BIN="$(pg_bin_dir)"
  # In parallel: each waits for its own process (maildev and Redis take ~1-2 s to exit, Kafka ~3).
  local pids=()
  for svc in "${SVCS[@]}"; do down_one "$svc" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || fail=1; done
  exit $fail
}

cmd_status() {
  local svc pid state port fail=0 note owner
  PG_BIN="$(pg_bin_dir)"
  for svc in "${SERVICES[@]}"; do
    pid="$(our_pid "$svc")"
    port="$(svc_ports_label "$svc")"
    if healthy "$svc"; then state=healthy; else state=down; fail=1; fi
    if [ -n "$pid" ]; then note="pid $pid"
    elif [ $state = healthy ]; then
      owner="$(owner_of "$svc")"
      note="external (${owner:+stack of $owner, }not started by this checkout)"
    else note="-"; fi
    printf '%-9s %-8s port %-22s %s\n' "$svc" "$state" "$port" "$note"
  done
  exit $fail
}

cmd_reset() {
  lock
  log "reset: stopping everything and wiping $(rel "$STATE")"
  (cmd_down) || die "reset: could not stop everything; .infra left as is"
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
  cmd_up
}

cmd_logs() {
  local svc="${1:-}" f
  valid_svc "$svc" || die "usage: infra.sh logs <$SVC_CHOICES> [-f]"
  f="$(svc_log "$svc")"
  [ -f "$f" ] || die "no log yet: $(rel "$f")"
  if [ "${2:-}" = -f ]; then exec tail -n 200 -F "$f"; else tail -n 200 "$f"; fi
}

cmd_kill() {
  [ $# -eq 1 ] && valid_svc "$1" || die "usage: infra.sh kill <$SVC_CHOICES>"
  lock
  kill_one "$1"
}

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

cmd="${1:-}"
[ $# -gt 0 ] && shift
case $cmd in
  up) cmd_up "$@" ;;
  down) cmd_down "$@" ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  logs) cmd_logs "$@" ;;
  kill) cmd_kill "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
