-- Kraken: bronze table in the fields of Kraken's WebSocket v2 trade object, its Kafka-engine feed and
-- the views on to silver and gold. Same structure and creation order as 100_exchange_binance.sql (gold
-- views expanded by ./apply from gold_ohlcv_feed.sql.tmpl, before the gate table).
--
-- Source: topic k2.trades.kraken, one trade object (an element of the v2 "trade" channel's data array)
-- per record:
--   {"symbol":"BTC/USD","side":"buy","price":97123.4,"qty":0.0123,"ord_type":"market",
--    "trade_id":82000001,"timestamp":"2025-01-01T00:00:00.123456Z"}
-- price and qty are JSON numbers. On 18.16 JSONEachRow refuses a JSON number for a String column, but
-- reads it into a Decimal column from its text, exactly (verified with e.g. 0.1234567, 97123.4,
-- 12345678.12345678 and 1e-5): no floating point is involved. A number with more than 8 decimals, or
-- any other unparseable message, stops this feed (18.16 has no kafka_skip_broken_messages); see
-- docs/warm-tier.md for how to step over such a message.

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken
(
    symbol        String,          -- e.g. 'BTC/USD'
    side          String,          -- taker side: 'buy' or 'sell'
    price         Decimal(18, 8),
    qty           Decimal(18, 8),
    ord_type      String,          -- 'market' or 'limit'
    trade_id      UInt64,          -- per-pair trade id
    timestamp     String,          -- as sent: RFC 3339 with microseconds, UTC
    trade_time_us Int64,           -- timestamp as microseconds since epoch UTC
    ingested_at   DateTime         -- now() when the Kafka engine inserted the block
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))
ORDER BY (symbol, trade_time_us, trade_id);

-- Topic k2.trades.kraken, group floe_bronze_kraken: the default prefixes of ./apply (a test may give its own).
CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_kafka
(
    symbol String, side String, price Decimal(18, 8), qty Decimal(18, 8), ord_type String, trade_id UInt64,
    timestamp String
)
ENGINE = Kafka
SETTINGS kafka_broker_list = '${FLOE_KAFKA_BOOTSTRAP}',
         kafka_topic_list = '${FLOE_WARM_TOPIC_PREFIX}kraken',
         kafka_group_name = '${FLOE_WARM_KAFKA_GROUP_PREFIX}kraken',
         kafka_format = 'JSONEachRow',
         kafka_num_consumers = ${FLOE_WARM_KAFKA_CONSUMERS},
         kafka_max_block_size = ${FLOE_WARM_KAFKA_BLOCK_SIZE};

-- A current release refuses a view whose TO table does not exist yet, and needs no gate: there silver reads the
-- bronze table (below), so the one view that reads the Kafka table, bronze's, is created last instead.
-- @on-current-skip
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_gate_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_gate
AS SELECT trade_id FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_kafka;

-- trade_time_us: whole seconds from the first 19 characters, plus the fraction right-padded to six
-- digits (Kraken sends six; fewer would still be read correctly).
-- @on-current-last
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken
AS SELECT
    symbol,
    side,
    price,
    qty,
    ord_type,
    trade_id,
    timestamp,
    toInt64(toUInt32(toDateTime(replaceOne(substring(timestamp, 1, 19), 'T', ' '), 'UTC'))) * 1000000
        + toInt64(substring(concat(extract(timestamp, '\\.([0-9]+)'), '000000'), 1, 6)) AS trade_time_us,
    now() AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_kafka;

-- Silver from Kraken: v2 already spells pairs BASE/QUOTE, which is the canonical form.
CREATE MATERIALIZED VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.silver_trades_kraken_mv
TO ${FLOE_CLICKHOUSE_DATABASE}.silver_trades
AS SELECT
    'kraken'                                              AS exchange,
    symbol,
    symbol                                                AS exchange_symbol,
    trade_id,
    price,
    qty                                                   AS quantity,
    toDecimal128(price, 8) * qty                          AS quote_quantity,
    side,
    trade_time_us,
    ingested_at,
    toUInt32(4294967295 - toUInt32(ingested_at))               AS dedup_version
-- A current release passes a view's output on to the views of its TO table, never to views that read the view
-- itself (the reverse of 18.16): there silver reads the bronze table.
-- @on-current-instead: FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken
FROM ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_mv
WHERE price > 0 AND qty > 0 AND trade_time_us > 0 AND position(symbol, '/') > 1 AND side IN ('buy', 'sell');

-- Gold: one view per interval of gold-intervals.txt, FROM silver_trades_kraken_mv into gold_ohlcv_<interval>.
-- ./apply expands gold_ohlcv_feed.sql.tmpl here (the exchange name comes from this file's name), so the
-- feeds exist before the gate below opens.
-- @foreach-interval gold_ohlcv_feed.sql.tmpl

-- Created last: opens the gate, the Kafka engine starts consuming now. (A current release: no gate; the bronze
-- view, moved here, starts it.)
-- @on-current-skip
CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.bronze_trades_kraken_gate (trade_id UInt64) ENGINE = Null;
