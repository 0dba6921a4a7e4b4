# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034  # step_log comes from the calling script; java, ch_url are set for it
# Shared steps of the benchmarks (deploy/local/bench-offload, deploy/local/bench-audit): the stack's settings,
# ClickHouse over curl, a service built and copied out of target/, its heap figures, number formatting.
# Needs lib/stack.sh sourced and floe_settings called; the functions use the caller's $step_log.

# Starts the local stack when needed and loads its settings: JAVA_HOME, $java, $ch_url.
bench_stack() {
  "$FLOE_LOCAL_DIR/up" >>"$step_log" 2>&1 || {
    floe_show_log_tail "$step_log"
    floe_die "deploy/local/up failed; see $step_log"
  }
  [[ -r "$FLOE_ENV_FILE" ]] || floe_die "$FLOE_ENV_FILE is missing after deploy/local/up"
  set -a
  # shellcheck disable=SC1090
  . "$FLOE_ENV_FILE"
  set +a
  JAVA_HOME="$(floe_java_home)" || exit 1
  export JAVA_HOME
  java="$JAVA_HOME/bin/java"
  ch_url="${FLOE_CLICKHOUSE_URL:-http://127.0.0.1:$FLOE_CLICKHOUSE_HTTP_PORT}"
  ch_url="${ch_url%/}"
}

# curl's user option from a file descriptor, so the password never shows in the process list or output.
curl_auth() {
  local user="${FLOE_CLICKHOUSE_USER:-default}" password="${FLOE_CLICKHOUSE_PASSWORD:-}"
  user="${user//\\/\\\\}"; user="${user//\"/\\\"}"
  password="${password//\\/\\\\}"; password="${password//\"/\\\"}"
  printf 'user = "%s:%s"\n' "$user" "$password"
}

# Runs one SQL statement (from $1 or stdin when $1 is -) and prints the answer; dies with ClickHouse's error text.
ch() {
  local sql="$1" out code
  [[ "$sql" == "-" ]] && sql="$(cat)"
  out="$(mktemp)"
  code="$(curl -sS -o "$out" -w '%{http_code}' -K <(curl_auth) --data-binary "$sql" "$ch_url/" 2>>"$step_log")" || code=000
  if [[ "$code" != 200 ]]; then
    printf 'ClickHouse answered %s to: %s\n%s\n' "$code" "${sql:0:300}" "$(head -c 2000 "$out")" >>"$step_log"
    floe_die "ClickHouse at $ch_url answered HTTP $code: $(head -c 400 "$out" | tr '\n' ' ')"
  fi
  cat "$out"
  rm -f "$out"
}

# Builds MODULE (with what it needs) when its quarkus-app is missing or older than its or tiering's sources, unless
# SKIP_BUILD is 1 (measure it as it is). Usage: bench_build MODULE BUILD_LOG SKIP_BUILD
bench_build() {
  local module="$1" build_log="$2" skip="$3" app="$FLOE_REPO_DIR/$1/target/quarkus-app" build
  if [[ -f "$app/quarkus-run.jar" && -z "$(find "$FLOE_REPO_DIR/tiering/src/main" "$FLOE_REPO_DIR/$module/src/main" \
    "$FLOE_REPO_DIR/pom.xml" "$FLOE_REPO_DIR/tiering/pom.xml" "$FLOE_REPO_DIR/$module/pom.xml" \
    -newer "$app/quarkus-run.jar" -type f -print -quit)" ]]; then
    return 0
  fi
  if ((skip)) && [[ -f "$app/quarkus-run.jar" ]]; then
    floe_log "WARNING: $module is older than its sources; measuring it anyway (--skip-build)"
    return 0
  fi
  floe_log "building $module (log $build_log)"
  build=(./mvnw -B -ntp package -pl "$module" -am -DskipTests)
  if ! (cd "$FLOE_REPO_DIR" && "${build[@]}" -o) >"$build_log" 2>&1; then
    floe_log "offline build failed; trying with network access"
    (cd "$FLOE_REPO_DIR" && "${build[@]}") >>"$build_log" 2>&1 || {
      floe_show_log_tail "$build_log"
      floe_die "$module did not build: ${build[*]} (see $build_log)"
    }
  fi
}

# Copies MODULE's quarkus-app to DEST, so that a rebuild by someone else during the run cannot change the jars under
# the running service. Another build may be rewriting target/ right now (the machine is shared): copies until the
# copy is whole. Usage: bench_copy_app MODULE DEST
bench_copy_app() {
  local module="$1" dest="$2" app="$FLOE_REPO_DIR/$1/target/quarkus-app" attempt
  for attempt in 1 2 3 4 5 6; do
    rm -rf "$dest"
    if cp -r "$app" "$dest" 2>>"$step_log" && [[ -f "$dest/quarkus-run.jar" ]] &&
      compgen -G "$dest/lib/main/io.k2.floe.tiering-*.jar" >/dev/null &&
      compgen -G "$dest/app/$module-*.jar" >/dev/null; then
      return 0
    fi
    ((attempt < 6)) || floe_die "could not copy a complete $module from $app (is another build rewriting it?)"
    floe_log "$module in $app is incomplete (another build running?); retrying in 10 s"
    sleep 10
  done
}

# Compiles the bench's Java steps (the shared plumbing in tiering's test sources plus the directories given) against
# the copied service's own libraries into DIR/classes and prints the class path to run them with.
# Usage: bench_compile APP_COPY CLASSES_DIR SOURCE_DIR...
bench_compile() {
  local app="$1" classes="$2" dir sources=()
  shift 2
  for dir in "$FLOE_REPO_DIR/tiering/src/test/java/io/k2/floe/tiering/testing/bench" "$@"; do
    sources+=("$dir"/*.java)
  done
  mkdir -p "$classes"
  "$JAVA_HOME/bin/javac" --release 21 -nowarn -d "$classes" -cp "$app/app/*:$app/lib/main/*:$app/lib/boot/*" \
    "${sources[@]}" >>"$step_log" 2>&1 || {
    floe_show_log_tail "$step_log"
    floe_die "the bench classes in $* did not compile against the libraries of $app"
  }
  echo "$classes:$app/app/*:$app/lib/main/*:$app/lib/boot/*"
}

# Value of key $1 in key=value file $2.
value() { sed -n "s/^$1=//p" "$2" | tail -n1; }

# Heap figures of a service run with -Xlog:gc:file=DIR/gc.log and sampled by jstat -gc into DIR/jstat.txt:
# "PEAK_MIB LIVE_MIB PAUSES GC_NAME" — peak is the highest of the GC log's occupancy before a collection and the
# samples, live the largest occupancy a collection left. Usage: bench_heap DIR
bench_heap() {
  local dir="$1" gc_before gc_live sampled peak pauses name
  read -r gc_before gc_live <<<"$(grep -o '[0-9.]*[KMG]->[0-9.]*[KMG]([0-9.]*[KMG])' "$dir/gc.log" 2>/dev/null |
    awk -F'->|\\(' 'function mib(v) { u = substr(v, length(v)); n = substr(v, 1, length(v) - 1);
        return u == "K" ? n / 1024 : u == "G" ? n * 1024 : n + 0 }
      { b = mib($1); if (b > m) m = b; a = mib($2); if (a > l) l = a }
      END { printf "%.0f %.0f", m, l }')"
  sampled="$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.0f", m / 1024 }' \
    "$dir/jstat.txt" 2>/dev/null || echo 0)"
  gc_before="${gc_before:-0}"
  gc_live="${gc_live:-0}"
  sampled="${sampled:-0}"
  peak=$((gc_before > sampled ? gc_before : sampled))
  pauses="$(grep -c 'Pause' "$dir/gc.log" 2>/dev/null || true)"
  name="$(grep -o 'Using [A-Za-z0-9 ]*' "$dir/gc.log" 2>/dev/null | head -n1 | sed 's/Using //')"
  echo "$peak $gc_live ${pauses:-0} ${name:-default GC}"
}

# 1234567 -> 1,234,567 (awk: printf's ' flag depends on the locale)
pretty() {
  awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = ""
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    print s r }'
}

# The machine as a line: cores, CPU model, memory.
bench_machine() {
  printf '%s cores (%s), %s GiB' "$(nproc)" "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    "$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
}

# The CPU lines of a bench step's output (CpuTimes) as one sentence; $2 names the service.
bench_cpu_line() {
  local o="$1" who="$2"
  if [[ -z "$(value cpu_machine_busy_s "$o")" ]]; then
    echo "n/a"
    return
  fi
  awk -v busy="$(value cpu_machine_busy_s "$o")" -v cap="$(value cpu_machine_capacity_s "$o")" \
    -v w="$(value cpu_worker_s "$o")" -v c="$(value cpu_clickhouse_s "$o")" -v cores="$(nproc)" -v who="$who" \
    'BEGIN { wall = cap / cores; other = busy - w - (c == "" ? 0 : c);
      printf "%s %.1f s, ClickHouse server %s s, everything else %.1f s of %.1f core-s (%.2f of %d cores busy with other work)",
        who, w, (c == "" ? "?" : sprintf("%.1f", c)), other, cap, other / wall, cores }'
}
