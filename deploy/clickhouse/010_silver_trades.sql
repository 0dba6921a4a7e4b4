-- Silver: every exchange's trades in one validated schema, deduplicated on the trade's identity.
--
-- Deduplication: ReplacingMergeTree keyed by (symbol, exchange, trade_time_us, trade_id). A trade's identity
-- is (exchange, exchange_symbol, trade_id): ids are sequences per instrument on both exchanges, and symbol
-- is a function of (exchange, exchange_symbol). trade_time_us is part of the trade, identical in every copy
-- of it (a duplicate is the same message again), so adding it to the key changes nothing about which rows
-- are duplicates, puts copies in one partition, and clusters each symbol's trades by time: reads of a time
-- range skip the granules outside it. (A trade re-sent with a different time would not be merged.)
-- The version column makes the EARLIEST ingested copy the survivor (largest dedup_version = smallest
-- ingested_at): a duplicate that arrives later can never move a trade into a later ingestion window
-- or change a window that was already offloaded.
--
-- dedup_version is an ordinary column that the silver views compute (on 18.16 a view's insert into its
-- TO table does not fill MATERIALIZED or DEFAULT columns, nor convert types: every view must produce
-- exactly the target's column types); it carries no information beyond ingested_at.
--
-- Until parts merge, duplicates are physically present: read with FINAL. Verified on 18.16: WHERE on
-- ingested_at is applied after FINAL's merge (also with optimize_move_to_prewhere=1), so
--   SELECT ... FROM silver_trades FINAL WHERE ingested_at > a AND ingested_at <= b
-- returns each trade at most once, in the window of its earliest copy. Never put non-key conditions
-- in an explicit PREWHERE together with FINAL: PREWHERE filters before the merge and would return a
-- later copy whose earlier copy lies outside the window.
CREATE TABLE IF NOT EXISTS ${FLOE_CLICKHOUSE_DATABASE}.silver_trades
(
    exchange        String,                          -- 'binance', 'kraken', ...
    symbol          String,                          -- canonical BASE/QUOTE, e.g. 'BTC/USDT'
    exchange_symbol String,                          -- as the exchange spells it: 'BTCUSDT', 'BTC/USD'
    trade_id        UInt64,                          -- the exchange's trade id (per instrument)
    price           Decimal(18, 8),                  -- in quote asset
    quantity        Decimal(18, 8),                  -- in base asset
    quote_quantity  Decimal(38, 16),                 -- price * quantity, exact
    side            String,                          -- taker (aggressor) side: 'buy' or 'sell'
    trade_time_us   Int64,                           -- execution time, microseconds since epoch UTC
    ingested_at     DateTime,                        -- copied from bronze
    dedup_version   UInt32 DEFAULT 4294967295 - toUInt32(ingested_at)  -- earliest copy wins (see above)
)
ENGINE = ReplacingMergeTree(dedup_version)
PARTITION BY toYYYYMMDD(toDateTime(intDiv(trade_time_us, 1000000)))
ORDER BY (symbol, exchange, trade_time_us, trade_id);
