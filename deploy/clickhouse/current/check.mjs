// Applies Floe's warm-tier DDL, in its current-release form, to a current ClickHouse engine running in this
// process (chdb, no server), and checks that trades flow through it: bronze, silver deduplicated, and every gold
// interval's bars equal to bars computed here from the same trades. Run by deploy/clickhouse/check-current.
//
//   node check.mjs <rendered-with-kafka.sql> <rendered-for-the-flow.sql>
//
// The first file is the DDL exactly as deploy/clickhouse/apply sends it to a current release, Kafka-engine tables
// included (they are created without reaching a broker): applied twice, to show it is accepted and idempotent.
// The second is the same DDL in another database, with each Kafka-engine table replaced by a Null table of the same
// columns: an INSERT into it fires the same materialized views a consumed Kafka block fires, which is how the data
// path is exercised without a broker.
import { Session } from 'chdb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [withKafkaFile, flowFile] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'floe-chdb-'));
const session = new Session(dir);
let failures = 0;

function report(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}

/** Statements as apply cuts them: whole-line comments dropped, a statement ends with a line ending in ';'. */
function statements(file) {
  const out = [];
  let buffer = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*--/.test(line)) continue;
    buffer += line + '\n';
    if (/;\s*$/.test(line)) { out.push(buffer.trim()); buffer = ''; }
  }
  if (buffer.trim()) out.push(buffer.trim());
  return out;
}

function applyAll(file, label) {
  const list = statements(file);
  for (const statement of list) {
    try {
      session.query(statement);
    } catch (error) {
      report(false, `${label}: refused`, `${String(error.message).split('\n')[0]}\n      in: ${statement.split('\n')[0]}`);
      return false;
    }
  }
  report(true, `${label}: ${list.length} statements accepted`);
  return true;
}

const rows = sql => session.query(sql, 'TabSeparated').split('\n').filter(line => line !== '').map(line => line.split('\t'));
const single = sql => rows(sql)[0][0];

// --- 1. the DDL as sent to a current release, Kafka tables included ------------------------------------------
const kafkaDdl = readFileSync(withKafkaFile, 'utf8');
const kafkaDatabase = kafkaDdl.match(/CREATE DATABASE IF NOT EXISTS (\w+)/)[1];
if (applyAll(withKafkaFile, `DDL with its Kafka tables, database ${kafkaDatabase}`)) {
  applyAll(withKafkaFile, 'the same DDL again (idempotent)');
  const expected = [...kafkaDdl.matchAll(/CREATE (?:TABLE|VIEW|MATERIALIZED VIEW) IF NOT EXISTS \w+\.(\w+)/g)].map(m => m[1]);
  const present = new Set(rows(`SELECT name FROM system.tables WHERE database = '${kafkaDatabase}'`).map(r => r[0]));
  const missing = [...new Set(expected)].filter(name => !present.has(name));
  report(missing.length === 0, `every object the DDL defines exists and is attached (${new Set(expected).size})`,
    missing.length ? `missing or detached: ${missing.join(', ')}` : '');
  const kafkaTables = single(`SELECT count() FROM system.tables WHERE database = '${kafkaDatabase}' AND engine = 'Kafka'`);
  report(kafkaTables === '2', 'both exchanges\' Kafka-engine tables created', `${kafkaTables}`);
}

// --- 2. the data path: trades in, bronze, silver and gold out ----------------------------------------------
const flowDdl = readFileSync(flowFile, 'utf8');
const db = flowDdl.match(/CREATE DATABASE IF NOT EXISTS (\w+)/)[1];
if (!applyAll(flowFile, `DDL with Null stand-ins for the Kafka tables, database ${db}`)) finish();

const SCALE = 10n ** 8n;
const decimal = text => { // exact decimal text -> BigInt at 8 decimals
  const [whole, fraction = ''] = text.split('.');
  const negative = whole.startsWith('-');
  const value = BigInt(whole.replace('-', '')) * SCALE + BigInt((fraction + '00000000').slice(0, 8));
  return negative ? -value : value;
};
const decimalText = value => `${value / SCALE}.${String(value % SCALE).padStart(8, '0')}`;

// A deterministic feed: Binance trades (symbols with different quote assets, some sent twice) and Kraken trades,
// over two days and across bucket boundaries, several sharing a microsecond.
const start = 1735689600000000n; // 2025-01-01T00:00:00Z in microseconds
const trades = [];
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const binanceSymbols = [['BTCUSDT', 'BTC/USDT'], ['ETHBTC', 'ETH/BTC'], ['SOLFDUSD', 'SOL/FDUSD']];
for (let i = 0; i < 300; i++) {
  const [exchangeSymbol, symbol] = binanceSymbols[i % 3];
  const time = start + BigInt(Math.floor(random() * 2 * 86400)) * 1000000n + BigInt(i % 7 === 0 ? 0 : Math.floor(random() * 1e6));
  trades.push({ exchange: 'binance', symbol, exchangeSymbol, id: 4300000000n + BigInt(i), time,
    price: decimal((20 + random() * 90000).toFixed(8)), quantity: decimal((0.0001 + random() * 3).toFixed(8)), buyerMaker: random() < 0.5 });
}
for (let i = 0; i < 150; i++) {
  const symbol = i % 2 ? 'BTC/USD' : 'ETH/EUR';
  const time = start + BigInt(Math.floor(random() * 2 * 86400)) * 1000000n + BigInt(Math.floor(random() * 1e6));
  trades.push({ exchange: 'kraken', symbol, exchangeSymbol: symbol, id: 82000000n + BigInt(i), time,
    price: decimal((100 + random() * 50000).toFixed(4)), quantity: decimal((0.001 + random() * 5).toFixed(7)), side: random() < 0.5 ? 'buy' : 'sell' });
}
const duplicates = trades.filter(t => t.exchange === 'binance').slice(0, 25);

const binanceMessage = t => JSON.stringify({ e: 'trade', E: Number(t.time) + 1000, s: t.exchangeSymbol, t: Number(t.id),
  p: decimalText(t.price), q: decimalText(t.quantity), T: Number(t.time), m: t.buyerMaker, M: true });
const rfc3339 = us => new Date(Number(us / 1000n)).toISOString().slice(0, 19) + '.' + String(us % 1000000n).padStart(6, '0') + 'Z';
// Kraken sends JSON numbers; the DDL reads their text into Decimal exactly.
const krakenMessage = t => `{"symbol":"${t.symbol}","side":"${t.side}","price":${decimalText(t.price).replace(/\.?0+$/, '')},`
  + `"qty":${decimalText(t.quantity).replace(/\.?0+$/, '')},"ord_type":"market","trade_id":${t.id},"timestamp":"${rfc3339(t.time)}"}`;

const binance = trades.filter(t => t.exchange === 'binance');
const kraken = trades.filter(t => t.exchange === 'kraken');
// Two blocks per exchange, the duplicates in the second: as a Kafka consumer inserts them.
session.query(`INSERT INTO ${db}.bronze_trades_binance_kafka FORMAT JSONEachRow\n${binance.slice(0, 150).map(binanceMessage).join('\n')}`);
session.query(`INSERT INTO ${db}.bronze_trades_binance_kafka FORMAT JSONEachRow\n${[...binance.slice(150), ...duplicates].map(binanceMessage).join('\n')}`);
session.query(`INSERT INTO ${db}.bronze_trades_kraken_kafka FORMAT JSONEachRow\n${kraken.map(krakenMessage).join('\n')}`);

report(single(`SELECT count() FROM ${db}.bronze_trades_binance`) === String(binance.length + duplicates.length),
  'bronze Binance holds every message, duplicates included', single(`SELECT count() FROM ${db}.bronze_trades_binance`));
report(single(`SELECT count() FROM ${db}.bronze_trades_kraken`) === String(kraken.length),
  'bronze Kraken holds every message', single(`SELECT count() FROM ${db}.bronze_trades_kraken`));
const krakenTimes = new Map(rows(`SELECT trade_id, trade_time_us FROM ${db}.bronze_trades_kraken`).map(([id, us]) => [id, us]));
const wrongTimes = kraken.filter(t => krakenTimes.get(String(t.id)) !== String(t.time)).length;
report(wrongTimes === 0, 'bronze Kraken trade_time_us parsed from the RFC 3339 text to the microsecond', `${wrongTimes} wrong`);

const silverRows = rows(`SELECT exchange, symbol, exchange_symbol, trade_id, price, quantity, quote_quantity, side, trade_time_us
  FROM ${db}.silver_trades FINAL ORDER BY exchange, trade_id`);
report(silverRows.length === trades.length, 'silver holds each trade once (FINAL)', `${silverRows.length} of ${trades.length}`);
const byKey = new Map(trades.map(t => [`${t.exchange}/${t.id}`, t]));
let silverWrong = 0;
for (const [exchange, symbol, exchangeSymbol, id, price, quantity, quoteQuantity, side, time] of silverRows) {
  const t = byKey.get(`${exchange}/${id}`);
  const expectedSide = t && (t.exchange === 'binance' ? (t.buyerMaker ? 'sell' : 'buy') : t.side);
  if (!t || symbol !== t.symbol || exchangeSymbol !== t.exchangeSymbol || decimal(price) !== t.price
      || decimal(quantity) !== t.quantity || side !== expectedSide || time !== String(t.time)
      || !quoteEquals(quoteQuantity, t.price * t.quantity)) {
    silverWrong++;
  }
}
report(silverWrong === 0, 'silver: canonical symbol, side, price, quantity, time and exact quote quantity of every trade', `${silverWrong} wrong`);

function quoteEquals(text, product16) { // Decimal(38, 16) text against price * quantity at 16 decimals
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 10n ** 16n + BigInt((fraction + '0'.repeat(16)).slice(0, 16)) === product16;
}

// Gold: every interval's finalized bars (_bars) and live aggregates (_live) against bars computed here.
const intervals = [...flowDdl.matchAll(/CREATE TABLE IF NOT EXISTS \w+\.gold_ohlcv_(\w+)\s*\(/g)].map(m => m[1]);
const seconds = { s: 1n, m: 60n, h: 3600n, d: 86400n };
for (const interval of intervals) {
  const size = BigInt(interval.slice(0, -1)) * seconds[interval.slice(-1)] * 1000000n;
  // _bars counts each trade once (silver FINAL). _live is provisional by design (020_gold_ohlcv.sql): a duplicate
  // that reaches silver in a later insert block than its original is aggregated again, so its volume and count
  // show twice there; open/high/low/close do not change.
  const bars = new Map();
  const duplicated = new Map();
  for (const t of duplicates) {
    const key = `${t.symbol}\t${(t.time / size) * (size / 1000000n)}`;
    const extra = duplicated.get(key) ?? { volume: 0n, count: 0 };
    extra.volume += t.quantity;
    extra.count++;
    duplicated.set(key, extra);
  }
  const order = t => [t.time, t.exchange, t.id];
  const before = (a, b) => { const x = order(a), y = order(b); for (let i = 0; i < 3; i++) { if (x[i] !== y[i]) return x[i] < y[i]; } return false; };
  for (const t of trades) {
    const key = `${t.symbol}\t${(t.time / size) * (size / 1000000n)}`;
    const bar = bars.get(key) ?? { first: t, last: t, high: t.price, low: t.price, volume: 0n, count: 0 };
    if (before(t, bar.first)) bar.first = t;
    if (before(bar.last, t)) bar.last = t;
    if (t.price > bar.high) bar.high = t.price;
    if (t.price < bar.low) bar.low = t.price;
    bar.volume += t.quantity;
    bar.count++;
    bars.set(key, bar);
  }
  for (const view of ['bars', 'live']) {
    const got = rows(`SELECT symbol, toUnixTimestamp(bucket_start), open, high, low, close, volume, trade_count
      FROM ${db}.gold_ohlcv_${interval}_${view}`);
    let wrong = got.length === bars.size ? 0 : Math.abs(got.length - bars.size) || 1;
    for (const [symbol, bucket, open, high, low, close, volume, count] of got) {
      const bar = bars.get(`${symbol}\t${bucket}`);
      const extra = (view === 'live' && duplicated.get(`${symbol}\t${bucket}`)) || { volume: 0n, count: 0 };
      if (!bar || decimal(open) !== bar.first.price || decimal(close) !== bar.last.price || decimal(high) !== bar.high
          || decimal(low) !== bar.low || decimal(volume) !== bar.volume + extra.volume
          || count !== String(bar.count + extra.count)) wrong++;
    }
    const what = view === 'bars' ? 'equal to bars computed from the trades' : 'equal to them, late duplicates counted again';
    report(wrong === 0, `gold ${interval} (${view}): ${got.length} bars ${what}`, `${wrong} differ (expected ${bars.size} bars)`);
  }
}

// Silver's windows (docs/warm-tier.md): a duplicate arriving later must never move a trade into a later ingestion
// window. Two copies of one trade in two parts, ingested 10 s apart; FINAL must keep the earliest and apply the
// window's condition on ingested_at after its merge (also when conditions may move to PREWHERE).
session.query(`CREATE TABLE ${db}.window_probe AS ${db}.silver_trades`);
const copy = at => `INSERT INTO ${db}.window_probe (exchange, symbol, exchange_symbol, trade_id, price, quantity,
  quote_quantity, side, trade_time_us, ingested_at, dedup_version) VALUES ('binance', 'BTC/USDT', 'BTCUSDT', 1, 1, 1, 1,
  'buy', 1735689600000000, toDateTime('${at}', 'UTC'), toUInt32(4294967295 - toUInt32(toDateTime('${at}', 'UTC'))))`;
session.query(copy('2025-01-01 00:00:10'));
session.query(copy('2025-01-01 00:00:20'));
const inWindow = (from, to, prewhere) => single(`SELECT count() FROM ${db}.window_probe FINAL
  WHERE ingested_at > toDateTime('${from}', 'UTC') AND ingested_at <= toDateTime('${to}', 'UTC')
  SETTINGS optimize_move_to_prewhere = ${prewhere}, optimize_move_to_prewhere_if_final = ${prewhere}`);
for (const prewhere of [0, 1]) {
  const first = inWindow('2025-01-01 00:00:05', '2025-01-01 00:00:15', prewhere);
  const later = inWindow('2025-01-01 00:00:15', '2025-01-01 00:00:30', prewhere);
  report(first === '1' && later === '0', `silver FINAL: a trade is in the window of its earliest copy only `
    + `(PREWHERE moves ${prewhere ? 'allowed' : 'off'})`, `earliest copy's window ${first}, later copy's window ${later}`);
}

finish();

function finish() {
  session.cleanup?.();
  rmSync(dir, { recursive: true, force: true });
  console.log(failures === 0 ? 'check-current: passed' : `check-current: ${failures} checks failed`);
  process.exit(failures === 0 ? 0 : 1);
}
