# shellcheck shell=bash
# shellcheck disable=SC2034  # settings defined here are used by the scripts that source this file
# Shared settings and helpers of deploy/local/{up,down,status,env,test-stack}.
# Every setting comes from the environment with the team's documented default.

FLOE_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLOE_REPO_DIR="$(cd "$FLOE_LOCAL_DIR/../.." && pwd)"
# shellcheck source=deploy/local/lib/java.sh
. "$FLOE_LOCAL_DIR/lib/java.sh"

FLOE_COMPONENTS=(clickhouse kafka postgres s3 alertmanager prometheus)
# ClickHouse's Kafka-engine tables consume from the broker: stop ClickHouse first, so that its
# consumers close against a live broker instead of timing out.
FLOE_STOP_ORDER=(prometheus alertmanager s3 postgres clickhouse kafka)

FLOE_KAFKA_VERSION=4.3.1
FLOE_S3PROXY_VERSION=4.1.0
FLOE_PG_MAJOR=15

floe_settings() {
  # realpath -m: the state dir may not exist yet, and every process is matched by absolute path.
  FLOE_STATE_DIR="$(realpath -m "${FLOE_STATE_DIR:-$HOME/.local/state/floe}")"
  FLOE_CLICKHOUSE_HTTP_PORT="${FLOE_CLICKHOUSE_HTTP_PORT:-18123}"
  FLOE_CLICKHOUSE_TCP_PORT="${FLOE_CLICKHOUSE_TCP_PORT:-19000}"
  FLOE_KAFKA_PORT="${FLOE_KAFKA_PORT:-19092}"
  FLOE_KAFKA_CONTROLLER_PORT="${FLOE_KAFKA_CONTROLLER_PORT:-19093}"
  FLOE_KAFKA_SASL_PORT="${FLOE_KAFKA_SASL_PORT:-19094}"
  FLOE_PG_PORT="${FLOE_PG_PORT:-15432}"
  FLOE_S3_PORT="${FLOE_S3_PORT:-18090}"
  FLOE_ALERTMANAGER_PORT="${FLOE_ALERTMANAGER_PORT:-19193}"
  FLOE_PROMETHEUS_PORT="${FLOE_PROMETHEUS_PORT:-19190}"
  local name
  for name in FLOE_CLICKHOUSE_HTTP_PORT FLOE_CLICKHOUSE_TCP_PORT FLOE_KAFKA_PORT \
    FLOE_KAFKA_CONTROLLER_PORT FLOE_KAFKA_SASL_PORT FLOE_PG_PORT FLOE_S3_PORT FLOE_ALERTMANAGER_PORT \
    FLOE_PROMETHEUS_PORT; do
    if ! [[ "${!name}" =~ ^[0-9]+$ ]] || ((${!name} < 1 || ${!name} > 65535)); then
      floe_die "$name='${!name}' is not a TCP port number (1-65535)"
    fi
  done
  if [[ "$FLOE_STATE_DIR" == "/" || "$FLOE_STATE_DIR" == "$(realpath -m "$HOME")" ]]; then
    floe_die "FLOE_STATE_DIR='$FLOE_STATE_DIR' must be a directory of its own, not / or \$HOME"
  fi
  FLOE_CLICKHOUSE_DATABASE="${FLOE_CLICKHOUSE_DATABASE:-k2}"
  FLOE_S3_BUCKET="${FLOE_S3_BUCKET:-floe-warehouse}"
  FLOE_S3_REGION="${FLOE_S3_REGION:-us-east-1}"
  FLOE_PG_DATABASE=floe
  FLOE_PG_USER=floe

  FLOE_LOG_DIR="$FLOE_STATE_DIR/logs"
  FLOE_RUN_DIR="$FLOE_STATE_DIR/run"
  FLOE_SECRETS_DIR="$FLOE_STATE_DIR/secrets"
  FLOE_ENV_FILE="$FLOE_STATE_DIR/floe.env"
  FLOE_LOCK_FILE="$FLOE_STATE_DIR/.lock"
  FLOE_MARKER_FILE="$FLOE_STATE_DIR/.floe-state-dir"
}

# Log lines of a long run (up) carry the seconds since it began when FLOE_LOG_T0 is set.
floe_log() {
  if [[ -n "${FLOE_LOG_T0:-}" ]]; then
    printf 'floe: [+%ss] %s\n' "$((SECONDS - FLOE_LOG_T0))" "$*" >&2
  else
    printf 'floe: %s\n' "$*" >&2
  fi
}
floe_die() {
  printf 'floe: ERROR: %s\n' "$*" >&2
  exit 1
}

floe_is_component() {
  local c
  for c in "${FLOE_COMPONENTS[@]}"; do [[ "$c" == "$1" ]] && return 0; done
  return 1
}

# Validates component arguments and sets FLOE_SELECTED to them in start order (all if none).
# (Not a function printing to a pipe: its floe_die must end the calling script.)
floe_select_components() {
  local arg c
  for arg in "$@"; do
    floe_is_component "$arg" || floe_die "unknown component '$arg' (components: ${FLOE_COMPONENTS[*]})"
  done
  FLOE_SELECTED=()
  for c in "${FLOE_COMPONENTS[@]}"; do
    if (($# == 0)) || [[ " $* " == *" $c "* ]]; then FLOE_SELECTED+=("$c"); fi
  done
}

# Prints a script's leading comment block (its usage text).
floe_usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"
}

floe_init_state_dir() {
  mkdir -p "$FLOE_STATE_DIR" "$FLOE_LOG_DIR" "$FLOE_RUN_DIR" "$FLOE_SECRETS_DIR"
  touch "$FLOE_MARKER_FILE"
  # 711: the postgres OS user runs our private cluster from a folder in here and must be able
  # to pass through; nothing can be listed, and secrets/floe.env are 600 besides.
  chmod 711 "$FLOE_STATE_DIR"
  chmod 700 "$FLOE_SECRETS_DIR"
  chmod 755 "$FLOE_LOG_DIR"
}

# Serialises up/down runs on one state dir (other people's scripts may call up concurrently).
# The lock is on fd 9; daemons are started with 9>&- so they never hold it.
floe_take_lock() {
  exec 9>>"$FLOE_LOCK_FILE"
  if ! flock -n 9; then
    floe_log "another up/down is running on $FLOE_STATE_DIR; waiting for it (up to 20 min)"
    flock -w 1200 9 || floe_die "gave up waiting for the lock $FLOE_LOCK_FILE"
  fi
}

# A random lowercase hex string of $1 bytes (coreutils only: openssl is not on every machine).
floe_random_hex() {
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# Prints the secret stored in $FLOE_SECRETS_DIR/$1, creating it once with $2 random bytes.
floe_secret() {
  local file="$FLOE_SECRETS_DIR/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077 && floe_random_hex "$2" >"$file.tmp" && mv "$file.tmp" "$file")
  fi
  chmod 600 "$file"
  cat "$file"
}

# The coordinator API's signing key pair (RSA, PEM) in $FLOE_SECRETS_DIR, made once: the services verify bearer
# tokens against api-public-key.pem, deploy/local/token signs them with api-signing-key.pem. The JDK-only Java
# source file runs as it is, before anything is built.
floe_api_tokens_java() { echo "$FLOE_REPO_DIR/tiering/src/main/java/io/k2/floe/tiering/security/ApiTokens.java"; }
floe_api_keys() {
  [[ -s "$FLOE_SECRETS_DIR/api-signing-key.pem" && -s "$FLOE_SECRETS_DIR/api-public-key.pem" ]] && return 0
  local java_home
  java_home="$(floe_java_home)" || exit 1
  floe_log "generating the API's token signing key pair in $FLOE_SECRETS_DIR"
  "$java_home/bin/java" "$(floe_api_tokens_java)" keygen "$FLOE_SECRETS_DIR" 9>&- >&2 ||
    floe_die "could not generate the API key pair"
}

# Prints a bearer token for the API with role $1 (floe-reader or floe-operator), valid for $2 (ISO-8601, default PT1H).
floe_api_token() {
  local java_home
  java_home="$(floe_java_home)" || exit 1
  floe_api_keys
  # The built class when it is current (no compile: about 0.3 s instead of 1-2 s), else the source file.
  local classes="$FLOE_REPO_DIR/tiering/target/classes" program
  if [[ "$classes/io/k2/floe/tiering/security/ApiTokens.class" -nt "$(floe_api_tokens_java)" ]]; then
    program=(-cp "$classes" io.k2.floe.tiering.security.ApiTokens)
  else
    program=("$(floe_api_tokens_java)")
  fi
  FLOE_API_JWT_ISSUER="${FLOE_API_JWT_ISSUER:-floe-local}" \
    "$java_home/bin/java" "${program[@]}" mint "$FLOE_SECRETS_DIR" "$1" "${2:-PT1H}" 9>&-
}

# ---------------------------------------------------------------------------------------------
# Processes. A component's process is "ours" when its command line names this state dir's config
# for it; pids from pidfiles are always checked that way, so a reused pid is never signalled.

floe_cmdline() {
  [[ -r "/proc/$1/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null
}

floe_pid_alive() {
  [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null
}

floe_pid_matches() {
  local pid="$1" needle="$2" cmd
  floe_pid_alive "$pid" || return 1
  cmd="$(floe_cmdline "$pid")" || return 1
  [[ "$cmd" == *"$needle"* ]]
}

# All pids whose command line contains $1 (a path in our state dir), without the caller itself.
floe_find_pids() {
  local needle="$1" file pid cmd
  # One grep over all command lines picks candidates (arguments are NUL-separated there, so it
  # looks for the needle's first word); each is then checked on its space-joined command line.
  while IFS= read -r file; do
    pid="${file#/proc/}"
    pid="${pid%/cmdline}"
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    cmd="$(floe_cmdline "$pid")" || continue
    case "$cmd" in
      *bash*deploy/local/* | *flock*) continue ;; # our own scripts mention the path in arguments
    esac
    [[ "$cmd" == *"$needle"* ]] && echo "$pid"
  done < <(grep -lsaF -- "${needle%% *}" /proc/[0-9]*/cmdline || true)
  return 0
}

# Listener information for a TCP port: prints "pid name" of the holder (or "? ?" if unknown),
# and fails if nothing listens there.
floe_port_holder() {
  local port="$1" line
  line="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 1p)"
  [[ -n "$line" ]] || return 1
  if [[ "$line" =~ users:\(\(\"([^\"]*)\",pid=([0-9]+) ]]; then
    echo "${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
  else
    echo "? ?"
  fi
}

floe_port_listening() {
  [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]
}

# Fails with a clear message if port $1 is taken; $2 = what needs it, $3 = env var to change.
floe_require_free_port() {
  local port="$1" what="$2" var="$3" holder pid name detail
  holder="$(floe_port_holder "$port")" || return 0
  read -r pid name <<<"$holder"
  if [[ "$pid" != "?" ]]; then
    detail="by pid $pid ($name: $(floe_cmdline "$pid" | cut -c1-120))"
  else
    detail="by a process this user cannot see"
  fi
  floe_die "port $port ($what, $var) is already in use $detail." \
    "Stop that process or choose another port: export $var=<free port>"
}

# Polls "$2..." every 0.2 s until it succeeds, for at most $1 seconds; stops early if pid $3 dies.
# Usage: floe_wait_for SECONDS PID cmd args...
floe_wait_for() {
  local timeout="$1" pid="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n "$pid" ]] && ! floe_pid_alive "$pid"; then return 2; fi
    sleep 0.2
  done
  "$@" >/dev/null 2>&1
}

floe_show_log_tail() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

# Starts "$@" detached (own session, no terminal, lock fd closed), output to log $1.
# Prints the pid. Usage: floe_spawn LOGFILE cmd args...
floe_spawn() {
  local log="$1"
  shift
  setsid "$@" </dev/null >>"$log" 2>&1 9>&- &
  echo "$!"
}

# Sends SIGTERM (or $3) to pid $1, waits up to $2 s for it to go, then SIGKILLs it.
floe_stop_pid() {
  local pid="$1" timeout="$2" signal="${3:-TERM}" deadline
  floe_pid_alive "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while floe_pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if floe_pid_alive "$pid"; then
    floe_log "pid $pid did not stop within ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while floe_pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  fi
  ! floe_pid_alive "$pid"
}

# ---------------------------------------------------------------------------------------------
# Debian packages.

floe_pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

floe_apt_updated=0
# Installs the given Debian packages that are not installed yet.
floe_apt_install() {
  local missing=() p
  for p in "$@"; do floe_pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  local need_update=0
  local policy
  for p in "${missing[@]}"; do
    # A fresh machine has empty package lists: apt-cache then knows no candidate. (Output is
    # captured first: with pipefail, "| grep -q" can fail on the writer's SIGPIPE.)
    policy="$(apt-cache policy "$p" 2>/dev/null || true)"
    [[ "$policy" =~ Candidate:\ [0-9] ]] || need_update=1
  done
  if ((need_update && !floe_apt_updated)); then
    floe_log "apt-get update (package lists do not know: ${missing[*]})"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 ||
      floe_die "apt-get update failed"
    floe_apt_updated=1
  fi
  floe_log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}" >&2 ||
    floe_die "apt-get install ${missing[*]} failed"
}

# ---------------------------------------------------------------------------------------------
# Maven: jars of the local stack come from Maven Central through the project's own wrapper.

floe_mvn() {
  local java_home
  java_home="$(floe_java_home)" || exit 1
  (cd "$FLOE_REPO_DIR" && JAVA_HOME="$java_home" ./mvnw -B -q "$@")
}

# ---------------------------------------------------------------------------------------------
# Per-component pidfiles and "config stamps" (the settings a running process was started with).

floe_pidfile() { echo "$FLOE_RUN_DIR/$1.pid"; }

floe_read_pid() {
  local f
  f="$(floe_pidfile "$1")"
  [[ -r "$f" ]] && head -n1 "$f"
}
