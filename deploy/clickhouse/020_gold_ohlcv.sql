-- Gold: OHLCV bars per canonical symbol (consolidated across exchanges) and bucket, one table per
-- interval. bucket_start is a DateTime (UTC) computed by integer arithmetic on trade_time_us
-- (18.16 has no toStartOfInterval): toDateTime(intDiv(trade_time_us, <seconds> * 1000000) * <seconds>).
--
-- Two read paths per interval:
--   gold_ohlcv_<i>       AggregatingMergeTree of aggregate states, fed at ingestion by one materialized
--                        view per exchange (see 1xx_exchange_*.sql); gold_ohlcv_<i>_live finalizes them.
--                        Cheap and immediate, but provisional: a duplicate message that reaches silver in
--                        a later insert block than its original is aggregated twice (silver only removes it
--                        at merge time, after the views have fired, and 18.16 cannot deduplicate across
--                        blocks at insert). Open/high/low/close are not affected; volume, quote volume
--                        and trade count can be, by the duplicates' share.
--   gold_ohlcv_<i>_bars  The finalized bars: computed from silver_trades FINAL, so each trade counts once.
--                        This is what the cold tier offloads and what tests check. ingested_at of a bar is
--                        the latest ingested_at of its trades (earliest copies), so a late trade moves its
--                        bar into a later ingestion window (a correction) and a duplicate never does.
--
-- open/close are the first/last trade by (trade_time_us, exchange, trade_id): trades sharing a
-- microsecond (one taker order filling several makers) are ordered by exchange, then trade id.
-- vwap = quote_volume / volume.

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1m
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1m_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1m
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1m_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 60000000) * 60) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_5m
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_5m_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_5m
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_5m_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 300000000) * 300) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_15m
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_15m_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_15m
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_15m_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 900000000) * 900) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_30m
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_30m_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_30m
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_30m_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 1800000000) * 1800) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1h
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1h_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1h
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1h_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 3600000000) * 3600) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;

CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1d
(
    symbol       String,
    bucket_start DateTime,
    open         AggregateFunction(argMin, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    high         AggregateFunction(max, Decimal(18, 8)),
    low          AggregateFunction(min, Decimal(18, 8)),
    close        AggregateFunction(argMax, Decimal(18, 8), Tuple(Int64, String, UInt64)),
    volume       AggregateFunction(sum, Decimal(18, 8)),
    quote_volume AggregateFunction(sum, Decimal(38, 16)),
    trade_count  AggregateFunction(count),
    ingested_at  AggregateFunction(max, DateTime)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (symbol, bucket_start);

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1d_live AS
SELECT
    symbol,
    bucket_start,
    argMinMerge(open)          AS open,
    maxMerge(high)             AS high,
    minMerge(low)              AS low,
    argMaxMerge(close)         AS close,
    sumMerge(volume)           AS volume,
    sumMerge(quote_volume)     AS quote_volume,
    quote_volume / volume      AS vwap,
    countMerge(trade_count)    AS trade_count,
    maxMerge(ingested_at)      AS ingested_at
FROM ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1d
GROUP BY symbol, bucket_start;

CREATE VIEW IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.gold_ohlcv_1d_bars AS
SELECT
    symbol,
    bucket_start,
    argMin(price, (trade_time_us, exchange, trade_id)) AS open,
    max(price)                                         AS high,
    min(price)                                         AS low,
    argMax(price, (trade_time_us, exchange, trade_id)) AS close,
    sum(quantity)                                      AS volume,
    sum(quote_quantity)                                AS quote_volume,
    quote_volume / volume                              AS vwap,
    count()                                            AS trade_count,
    max(ingested_at)                                   AS ingested_at
FROM
(
    SELECT symbol, toDateTime(intDiv(trade_time_us, 86400000000) * 86400) AS bucket_start,
           price, quantity, quote_quantity, trade_time_us, exchange, trade_id, ingested_at
    FROM ${FLOE_CLICKHOUSE_DATABASE}.silver_trades FINAL
)
GROUP BY symbol, bucket_start;
