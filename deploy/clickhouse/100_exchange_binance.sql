-- Binance: bronze table in Binance's own trade-stream fields, the Kafka-engine feed that fills it, and
-- the materialized views that carry its trades on to silver and gold. Adding an exchange means adding
-- a file like this one, named NNN_exchange_<name>.sql (see docs/warm-tier.md): its gold views are not
-- written here but expanded by ./apply from gold_ohlcv_feed.sql.tmpl, one per interval of
-- gold-intervals.txt, with <name> taken from the file name.
--
-- Source: topic k2.trades.binance, one raw trade-stream message per record, as subscribed with
-- timeUnit=MICROSECOND (E and T in microseconds):
--   {"e":"trade","E":1735689600123456,"s":"BTCUSDT","t":4300000001,"p":"97123.45000000",
--    "q":"0.01230000","T":1735689600123000,"m":true,"M":true}
-- p and q are strings; toDecimal64(p, 8) parses their text exactly (no floating point).
--
-- Creation order matters on 18.16: the Kafka engine starts consuming as soon as every materialized view
-- reading from it has an existing target, and a view's block goes only to the views that existed when
-- the consuming loop started. The "gate" view below writes to a table created LAST, so nothing is
-- consumed before the whole bronze -> silver -> gold chain exists. The "-- @foreach-interval" line is
-- expanded in place, so the gold views are created before the gate table too: keep that line above it.
-- Materialized views that read another view's output name that view (FROM ..._mv), not its target table:
-- on 18.16 inserts made by a view into its TO table do not trigger views defined on that table.

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance
(
    event_type     String,          -- e: always 'trade'
    event_time_us  Int64,           -- E: event time, microseconds since epoch UTC
    symbol         String,          -- s: e.g. 'BTCUSDT'
    trade_id       UInt64,          -- t: per-symbol trade id
    price          Decimal(18, 8),  -- p
    quantity       Decimal(18, 8),  -- q
    trade_time_us  Int64,           -- T: trade time, microseconds since epoch UTC
    is_buyer_maker UInt8,           -- m: 1 when the buyer was the maker (the taker sold)
    is_best_match  UInt8,           -- M
    ingested_at    DateTime         -- now() when the Kafka engine inserted the block
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))
ORDER BY (symbol, trade_time_us, trade_id);

-- Topic k2.trades.binance, group floe_bronze_binance: the default prefixes of ./apply (a test may give its own).
CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_kafka
(
    e String, E Int64, s String, t UInt64, p String, q String, T Int64, m UInt8, M UInt8
)
ENGINE = Kafka
SETTINGS kafka_broker_list = '${FLOE_KAFKA_BOOTSTRAP}',
         kafka_topic_list = '${FLOE_WARM_TOPIC_PREFIX}binance',
         kafka_group_name = '${FLOE_WARM_KAFKA_GROUP_PREFIX}binance',
         kafka_format = 'JSONEachRow',
         kafka_num_consumers = ${FLOE_WARM_KAFKA_CONSUMERS},
         kafka_max_block_size = ${FLOE_WARM_KAFKA_BLOCK_SIZE};

-- A current release refuses a view whose TO table does not exist yet, and needs no gate: there silver reads the
-- bronze table (below), so the one view that reads the Kafka table, bronze's, is created last instead.
-- @on-current-skip
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_gate_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_gate
AS SELECT t FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_kafka;

-- @on-current-last
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance
AS SELECT
    e                 AS event_type,
    E                 AS event_time_us,
    s                 AS symbol,
    t                 AS trade_id,
    toDecimal64(p, 8) AS price,
    toDecimal64(q, 8) AS quantity,
    T                 AS trade_time_us,
    m                 AS is_buyer_maker,
    M                 AS is_best_match,
    now()             AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_kafka;

-- Silver from Binance. The canonical symbol splits the known quote asset off the end of Binance's
-- symbol; a symbol with an unknown quote asset gets '' and is rejected by validation (add the quote
-- here first). exchange_symbol is the canonical symbol without its '/', which is exactly Binance's
-- spelling (written this way because an alias named symbol hides the bronze column of that name).
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.silver_trades_binance_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.silver_trades
AS SELECT
    'binance' AS exchange,
    multiIf(
        match(symbol, '^[A-Z0-9]+(USDT|FDUSD|USDC|TUSD|BUSD|DAI|EUR|GBP|TRY|BRL|JPY|BTC|ETH|BNB)$') = 0, '',
        endsWith(symbol, 'FDUSD'), concat(substring(symbol, 1, length(symbol) - 5), '/FDUSD'),
        endsWith(symbol, 'USDT') OR endsWith(symbol, 'USDC') OR endsWith(symbol, 'TUSD') OR endsWith(symbol, 'BUSD'),
            concat(substring(symbol, 1, length(symbol) - 4), '/', substring(symbol, length(symbol) - 3, 4)),
        concat(substring(symbol, 1, length(symbol) - 3), '/', substring(symbol, length(symbol) - 2, 3))
    )                                                          AS symbol,
    replaceOne(symbol, '/', '')                                AS exchange_symbol,
    trade_id,
    price,
    quantity,
    toDecimal128(price, 8) * quantity                          AS quote_quantity,
    if(is_buyer_maker = 1, 'sell', 'buy')                      AS side,
    trade_time_us,
    ingested_at,
    toUInt32(4294967295 - toUInt32(ingested_at))               AS dedup_version
-- A current release passes a view's output on to the views of its TO table, never to views that read the view
-- itself (the reverse of 18.16): there silver reads the bronze table.
-- @on-current-instead: FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance
FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_mv
WHERE price > 0 AND quantity > 0 AND trade_time_us > 0 AND symbol != '' AND position(symbol, '/') > 1;

-- Gold: one view per interval of gold-intervals.txt, FROM silver_trades_binance_mv into gold_ohlcv_<interval>.
-- ./apply expands gold_ohlcv_feed.sql.tmpl here (the exchange name comes from this file's name), so the
-- feeds exist before the gate below opens.
-- @foreach-interval gold_ohlcv_feed.sql.tmpl

-- Created last: opens the gate, the Kafka engine starts consuming now. (A current release: no gate; the bronze
-- view, moved here, starts it.)
-- @on-current-skip
CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_binance_gate (t UInt64) ENGINE = Null;
