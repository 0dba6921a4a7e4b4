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

# Fills DB.TABLE (dropped and made anew with the columns, engine and keys of k2.bronze_trades_binance) with N rows like
# the trade generator's Binance feed, their trade times spread evenly over SPAN_S seconds from DAY_US (microseconds
# since the epoch, a midnight UTC) and ingested 2-6 s after the trade. Deterministic: every fill with the same
# arguments is the same data. Usage: bench_fill_bronze DB TABLE N DAY_US SPAN_S
bench_fill_bronze() {
  local db="$1" table="$2" n="$3" day_us="$4" span_us=$(($5 * 1000000))
  ch "DROP TABLE IF EXISTS $db.$table" >/dev/null
  # The columns, engine and keys of k2.bronze_trades_binance (deploy/clickhouse/100_exchange_binance.sql).
  ch - >/dev/null <<SQL
CREATE TABLE $db.$table
(
    event_type     String,
    event_time_us  Int64,
    symbol         String,
    trade_id       UInt64,
    price          Decimal(18, 8),
    quantity       Decimal(18, 8),
    trade_time_us  Int64,
    is_buyer_maker UInt8,
    is_best_match  UInt8,
    ingested_at    DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))
ORDER BY (symbol, trade_time_us, trade_id)
SQL
  # Like the trade generator's Binance feed (trade-generator AssetCatalog, AssetMarket): eight USDT
  # pairs in proportion to their activity, the generator's reference prices, tick and lot sizes and
  # trade-id magnitudes; trade ids consecutive per symbol; one day of trade times, irregular to the
  # microsecond; taker orders of 1-3 fills (1.6 on average, as the generator's) sharing trade time
  # and side, later fills a tick further and a few microseconds later in event time; the price a
  # multi-scale path around the reference (a deterministic stand-in for the generator's GARCH walk)
  # plus the spread by side and tick noise; order sizes log-normal with a Pareto tail, fills a
  # share of their order, rounded to lots; event time 0.3-4.3 ms after the trade; ingested in 5 s
  # blocks 2-6 s after the trade (as the Kafka engine's now() does). Deterministic (cityHash64 of the
  # row number), so every fill of N rows is the same data. ClickHouse compresses it to about the
  # same bytes per column as generator-fed bronze (PERFORMANCE.md).
  ch - >/dev/null <<SQL
INSERT INTO $db.$table
SELECT
    'trade' AS event_type,
    trade_time_us + 300 + toInt64(cityHash64(o, 4) % 4000) + back * toInt64(1 + cityHash64(number, 10) % 20) AS event_time_us,
    arrayElement(['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT', 'LINKUSDT', 'LTCUSDT'], s) AS symbol,
    arrayElement([4300000000, 2100000000, 1000000000, 900000000, 800000000, 600000000, 650000000, 500000000], s)
        + intDiv(number, 94) * arrayElement([30, 20, 12, 10, 9, 5, 4, 4], s) + j AS trade_id,
    toDecimal64(price_units, 0) * toDecimal64('0.00000001', 8) AS price,
    toDecimal64(quantity_units, 0) * toDecimal64('0.00000001', 8) AS quantity,
    trade_time_us,
    maker AS is_buyer_maker,
    toUInt8(1) AS is_best_match,
    toDateTime((intDiv(intDiv(trade_time_us, 1000000), 5) + 1) * 5 + 1) AS ingested_at
FROM
(
    SELECT number, j, s, o, back, trade_time_us, maker, price_units,
        arrayElement([1000, 10000, 100000, 10000000, 100000000, 10000000, 1000000, 100000], s) AS lot_units,
        toInt64(greatest(1, floor(least(5000000, if(cityHash64(o, 6) % 100 < 97,
                150 * exp(1.5 * sqrt(-2 * log(u1)) * cos(2 * pi() * u2)),
                20000 / pow(u1, 1 / 1.3)) * if(back = 0, 1, exp(log(0.05) * u3)))
            / (price_units / 100000000) / (lot_units / 100000000)))) * lot_units AS quantity_units
    FROM
    (
        SELECT number, j, s, o, back, trade_time_us, maker,
            (cityHash64(number, 1) % 1000000 + 0.5) / 1000000 AS u1,
            (cityHash64(number, 2) % 1000000 + 0.5) / 1000000 AS u2,
            (cityHash64(number, 11) % 1000000 + 0.5) / 1000000 AS u3,
            arrayElement([1000000, 1000000, 1000000, 10000, 1000, 10000, 1000000, 1000000], s) AS tick_units,
            (trade_time_us - $day_us) / 1000000 AS t,
            arrayElement([97000, 3400, 240, 1.4, 0.39, 1.05, 22, 100], s) / 0.9998 * exp(
                  0.025 * sin(2 * pi() * t / 86400 * 1.3 + s)
                + 0.008 * sin(2 * pi() * t / 5400 + 2 * s)
                + 0.002 * sin(2 * pi() * t / 600 + 3 * s)
                + 0.0004 * sin(2 * pi() * t / 37 + s)) AS mid,
            (toInt64(round(mid * 100000000 / tick_units))
                + if(maker = 1, -1, 1) * (toInt64(greatest(1, round(mid * 0.00005 * 100000000 / tick_units)))
                    + back * toInt64(cityHash64(number, 7) % 2))
                + toInt64(cityHash64(o, 7) % 3) - 1) * tick_units AS price_units
        FROM
        (
            SELECT number, j, s, o, back,
                $day_us + toInt64(o * ($span_us / $n)) + toInt64(cityHash64(o, 9) % greatest(1, toUInt64($span_us / $n))) AS trade_time_us,
                toUInt8(cityHash64(o, 3) % 2) AS maker
            FROM
            (
                SELECT number, j, s,
                    arrayElement([0, 1, 0, 0, 1, 2, 0, 0], j % 8 + 1) AS back,
                    number - back AS o
                FROM
                (
                    SELECT number,
                        arrayFirstIndex(x -> number % 94 < x, [30, 50, 62, 72, 81, 86, 90, 94]) AS s,
                        number % 94 - arrayElement([0, 30, 50, 62, 72, 81, 86, 90], s) AS j
                    FROM system.numbers
                    LIMIT $n
                )
            )
        )
    )
)
SQL
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
