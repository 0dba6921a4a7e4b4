// Runs the statements Floe's Java code sends to the warm tier, as recorded on ClickHouse 18.16 by
// CurrentReleaseStatementsIT, on a current ClickHouse engine in this process (chdb) over the same rows, and compares
// the answers. Run by deploy/clickhouse/compare-current.
//
//   node compare.mjs <dir>
//
// <dir> holds what the test left: current.sql (the warm DDL as deploy/clickhouse/apply sends it to a current
// release, Kafka tables as Null tables), data/<table>.tsv (every row of the tables Floe reads, exported from 18.16),
// timezone.txt (18.16's server time zone, in which the DateTime text is written) and statements.jsonl (each
// statement with its settings, how its answer is compared and 18.16's answer), and derive.sql (statements that derive
// rows from the loaded ones, gold bars from silver, run here after loading as they ran on 18.16; may be empty).
//
// What "same" means, per mode:
//   rows           RowBinary answers with the same rows, values and column types byte for byte; in the same order
//                  where the statement orders them (rows sharing the ORDER BY key may come in any order, on either
//                  engine), as a set where it does not (GROUP BY, system tables).
//   columns        system.columns discovery: the same column names in the same order, and the same types.
//   figures        the auditor's count, min and max time equal; the checksum equal to the one the auditor computes
//                  from the partition's rows with this engine's decimal text (18.16 prints decimals at full scale,
//                  current releases trimmed, so the two checksums differ by design: docs/audit.md).
//   lines          text answers (and the discovery a step sends before them): the same lines, in any order.
//   decimal-probe  the answer the test expects from a current release (1.5): how the auditor learns the text form.
//   warm-partitions  retention's statements on partitions and their parts: part names are each engine's own (block
//                  numbers follow the inserts), so a part name counts as the partition it belongs to, and where Floe
//                  names 18.16's parts (`_part IN (…)`) this engine's active parts of the same partitions are named
//                  instead; then the same lines in any order (a DROP: both answer nothing).
import { Session } from 'chdb';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dir] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'floe-chdb-compare-'));
const session = new Session(work);
// A MergeTree part's name: partition id, min and max block, level, mutation (e.g. 20250101_1_4_1).
const PART = /^(\w+?)_\d+_\d+_\d+(_\d+)?$/;
let different = 0;
let count = 0;

const ddl = readFileSync(join(dir, 'current.sql'), 'utf8');
const db = ddl.match(/CREATE DATABASE IF NOT EXISTS (\w+)/)[1];
session.query(`SET session_timezone = '${readFileSync(join(dir, 'timezone.txt'), 'utf8').trim()}'`);
for (const statement of ddl.split(/;\s*\n/).map(s => s.trim()).filter(Boolean)) {
  session.query(statement);
}
// The rows come from 18.16 as they are: no view may derive anything from them again here.
for (const [name] of rows(`SELECT name FROM system.tables WHERE database = '${db}' AND engine = 'MaterializedView'`)) {
  session.query(`DROP VIEW ${db}.${name}`);
}
for (const file of readdirSync(join(dir, 'data'))) {
  const table = file.replace(/\.tsv$/, '');
  // optimize_on_insert = 0: a current release otherwise collapses silver's copies of a trade that arrive in one
  // block as it writes them (18.16 keeps them until a merge), and the reads without FINAL would see other rows.
  session.query(`INSERT INTO ${db}.${table} SETTINGS optimize_on_insert = 0 FORMAT TabSeparated\n${readFileSync(join(dir, 'data', file), 'utf8')}`);
}
// Rows derived from the loaded ones the way the recording derived them on 18.16 (gold bars from silver), if any.
const derive = join(dir, 'derive.sql');
for (const statement of existsSync(derive) ? readFileSync(derive, 'utf8').split(/;\s*\n/).map(s => s.trim()).filter(Boolean) : []) {
  session.query(statement);
}
session.query(`USE ${db}`);
console.log(`compare-current: ClickHouse ${rows('SELECT version()')[0][0]} (chdb) against 18.16's answers, database ${db}`);

function rows(sql) {
  return session.query(sql, 'TabSeparated').split('\n').filter(line => line !== '').map(line => line.split('\t'));
}

for (const line of readFileSync(join(dir, 'statements.jsonl'), 'utf8').split('\n').filter(Boolean)) {
  const s = JSON.parse(line);
  count++;
  const expected = Buffer.from(s.answer, 'base64');
  let got;
  try {
    got = await run(s);
  } catch (error) {
    report(false, s, `refused: ${String(error.message).split('\n')[0]}`);
    continue;
  }
  try {
    compare(s, expected, got);
  } catch (error) {
    report(false, s, `answer not readable: ${error.message}`);
  }
}

/** The statement as sent, its URL settings as a SETTINGS clause (the same query-level settings). */
async function run(s) {
  if (s.mode === 'warm-partitions') s = { ...s, sql: ownParts(s.sql) };
  const format = s.sql.match(/FORMAT (\w+)\s*$/)?.[1] ?? 'TabSeparated';
  const settings = Object.entries(s.settings).map(([k, v]) => `${k} = ${/^\d+$/.test(v) ? v : `'${v}'`}`).join(', ');
  const sql = settings ? s.sql.replace(/\s*FORMAT \w+\s*$/, ` SETTINGS ${settings} FORMAT ${format}`) : s.sql;
  const result = await session.queryAsync(sql, { format });
  return Buffer.from(result.bytes());
}

/** The statement with the parts it names (18.16's) replaced by this engine's active parts of the same partitions. */
function ownParts(sql) {
  return sql.replace(/FROM\s+`?(\w+)`?\s+WHERE\s+_part IN \(([^)]*)\)/g, (all, table, list) => {
    const ids = [...new Set(list.split(',').map(p => p.trim().replace(/^'|'$/g, '').match(PART)?.[1]).filter(Boolean))];
    const own = rows(`SELECT name FROM system.parts WHERE active AND database = '${db}' AND table = '${table}'`
      + ` AND partition_id IN (${ids.map(id => `'${id}'`).join(', ')})`).map(([name]) => `'${name}'`);
    return all.replace(list, own.length ? own.join(', ') : "''");
  });
}

/** An answer's distinct lines, each part name as the partition it belongs to. */
function partitionLines(buffer) {
  return [...new Set(buffer.toString('latin1').split('\n').filter(Boolean)
    .map(line => line.split('\t').map(f => f.match(PART) ? `${f.match(PART)[1]}:part` : f).join('\t')))].sort();
}

function compare(s, expected, got) {
  switch (s.mode) {
    case 'warm-partitions': {
      const a = partitionLines(expected), b = partitionLines(got);
      return report(a.join('\n') === b.join('\n'), s, `${b.length} lines, "${b.join(' ').slice(0, 60)}"`
        + (a.join('\n') === b.join('\n') ? '' : `; 18.16 "${a.join(' ').slice(0, 60)}"`));
    }
    case 'rows': {
      const a = split(expected, s.types), b = split(got, s.types);
      if (a.length !== b.length) return report(false, s, `${b.length} rows, 18.16 ${a.length}`);
      const keyOf = row => s.key.map(i => row[i]).join('|');
      if (s.key.length > 0) {
        const ka = a.map(keyOf), kb = b.map(keyOf);
        const at = ka.findIndex((k, i) => k !== kb[i]);
        if (at >= 0) return report(false, s, `order differs at row ${at + 1} of ${a.length}`);
      }
      const sa = runs(a, s.key.length ? keyOf : () => ''), sb = runs(b, s.key.length ? keyOf : () => '');
      const at = sa.findIndex((r, i) => r !== sb[i]);
      return at >= 0 ? report(false, s, `values differ (group ${at + 1})`)
        : report(true, s, `${a.length} rows${s.key.length ? ', same order' : ''}`);
    }
    case 'columns': {
      const a = split(expected, s.types).map(r => r.map(hexText)), b = split(got, s.types).map(r => r.map(hexText));
      const names = x => x.map(r => r[0]).join(', ');
      if (names(a) !== names(b)) return report(false, s, `columns ${names(b)}; 18.16 ${names(a)}`);
      const types = a.map((r, i) => [r[0], r[1], b[i][1]]).filter(([, t18, tNow]) => t18 !== tNow);
      return types.length ? report(false, s, types.map(([n, t18, tNow]) => `${n} ${tNow} (18.16 ${t18})`).join(', '))
        : report(true, s, `${a.length} columns, same names, order and types`);
    }
    case 'figures': {
      const [rowsA, minA, maxA] = expected.toString('utf8').trim().split('\t');
      const [rowsB, minB, maxB, sumB] = got.toString('utf8').trim().split('\t');
      const ok = rowsA === rowsB && minA === minB && maxA === maxB && sumB === s.expectedCurrent;
      return report(ok, s, ok ? `${rowsB} rows, same time range, checksum as the auditor computes it for this engine`
        : `${rowsB} rows ${minB}..${maxB} checksum ${sumB}; 18.16 ${rowsA} rows ${minA}..${maxA}, auditor expects ${s.expectedCurrent}`);
    }
    case 'decimal-probe': {
      const text = got.toString('utf8').trim();
      return report(text === s.expectedCurrent, s, `'${text}' (18.16 '${expected.toString('utf8').trim()}'): `
        + 'the auditor writes decimals the way the server it audits prints them');
    }
    case 'lines': {
      const lines = b => b.toString('latin1').split('\n').sort().join('\n');
      return report(lines(expected) === lines(got), s, `${got.toString('latin1').trim().split('\n').length} lines, `
        + `"${got.toString('latin1').trim().slice(0, 40).replace(/[^ -~\t]/g, '.')}"`);
    }
    default:
      return report(expected.equals(got), s, `${got.length} bytes`);
  }
}

/** Rows grouped into runs of equal key, each run's rows sorted: what must be equal when ties may come in any order. */
function runs(table, keyOf) {
  const out = [];
  let current = null, key = null;
  for (const row of table) {
    const k = keyOf(row);
    if (current === null || k !== key) { if (current) out.push(current.sort().join('\n')); current = []; key = k; }
    current.push(row.join(','));
  }
  if (current) out.push(current.sort().join('\n'));
  return out;
}

function hexText(hex) { return Buffer.from(hex, 'hex').toString('utf8'); }

/** RowBinary answer -> rows of columns, each value its bytes in hex; throws when the bytes do not fit the types. */
function split(buffer, types) {
  const out = [];
  let at = 0;
  const readers = types.map(reader);
  while (at < buffer.length) {
    out.push(readers.map(read => { const start = at; at = read(buffer, at); return buffer.subarray(start, at).toString('hex'); }));
  }
  if (at !== buffer.length) throw new Error(`RowBinary ends inside a row (${types.join(', ')})`);
  return out;
}

function reader(type) {
  let m;
  if ((m = type.match(/^Nullable\((.*)\)$/))) { const inner = reader(m[1]); return (b, at) => b[at] === 1 ? at + 1 : inner(b, at + 1); }
  if ((m = type.match(/^LowCardinality\((.*)\)$/))) return reader(m[1]);
  if (type === 'String') {
    return (b, at) => { let length = 0, shift = 0, byte; do { byte = b[at++]; length += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80); return at + length; };
  }
  if ((m = type.match(/^FixedString\((\d+)\)$/))) return fixed(Number(m[1]));
  if ((m = type.match(/^Decimal\((\d+),\s*\d+\)$/))) return fixed(Number(m[1]) <= 9 ? 4 : Number(m[1]) <= 18 ? 8 : Number(m[1]) <= 38 ? 16 : 32);
  if ((m = type.match(/^Decimal(32|64|128|256)\(/))) return fixed(Number(m[1]) / 8);
  if (/^DateTime64/.test(type)) return fixed(8);
  if (/^DateTime/.test(type)) return fixed(4);
  if (/^Enum8/.test(type)) return fixed(1);
  if (/^Enum16/.test(type)) return fixed(2);
  const widths = { UInt8: 1, Int8: 1, Bool: 1, UInt16: 2, Int16: 2, Date: 2, UInt32: 4, Int32: 4, Float32: 4, UInt64: 8, Int64: 8,
    Float64: 8, UUID: 16, Int128: 16, UInt128: 16 };
  if (widths[type]) return fixed(widths[type]);
  throw new Error(`no RowBinary width for ${type}`);
}

function fixed(width) { return (b, at) => at + width; }

function report(ok, s, detail) {
  console.log(`${ok ? 'same     ' : 'DIFFERENT'}  ${s.name}: ${detail}`);
  if (!ok) {
    different++;
    console.log(`           statement: ${s.sql.replace(/\s+/g, ' ').slice(0, 600)}`);
  }
}

session.cleanup?.();
rmSync(work, { recursive: true, force: true });
console.log(different === 0 ? `compare-current: all ${count} statements give the same answers`
  : `compare-current: ${different} of ${count} statements differ`);
process.exit(different === 0 ? 0 : 1);
