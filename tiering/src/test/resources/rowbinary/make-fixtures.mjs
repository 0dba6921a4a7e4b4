// Produces the RowBinary fixtures of RowBinaryFixturesTest with a modern ClickHouse engine (chdb,
// in-process; ClickHouse 18.16 cannot produce DateTime64, Bool or current Decimal128/UUID output).
// Run from this directory:
//   mkdir -p /tmp/chdb && (cd /tmp/chdb && npm install chdb)
//   NODE_PATH=/tmp/chdb/node_modules node make-fixtures.mjs
// Each fixture is one query; the column types are the ones the test declares for it.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const chdb = require(process.env.CHDB_MODULE || 'chdb');

const fixtures = {
  // column: DateTime64(3, 'UTC')
  'datetime64_3.bin': "SELECT fromUnixTimestamp64Milli(t, 'UTC') FROM values('t Int64', -1, 0, 1743510896789, -86400001) ORDER BY tuple()",
  // column: DateTime64(6, 'UTC')
  'datetime64_6.bin': "SELECT fromUnixTimestamp64Micro(t, 'UTC') FROM values('t Int64', -1, 0, 1743510896789123) ORDER BY tuple()",
  // column: DateTime64(9, 'UTC')  (below microseconds: floor)
  'datetime64_9.bin': "SELECT fromUnixTimestamp64Nano(t, 'UTC') FROM values('t Int64', -1, -1001, 0, 999, 1743510896789123456) ORDER BY tuple()",
  // columns: Bool, Nullable(Bool)
  'bool.bin': "SELECT b, n FROM values('b Bool, n Nullable(Bool)', (true, NULL), (false, true), (true, false))",
  // columns: Decimal(38, 0), Decimal(38, 16), Decimal128(2)
  'decimal128.bin': "SELECT a, b, c FROM values('a Decimal(38, 0), b Decimal(38, 16), c Decimal128(2)', "
    + "('99999999999999999999999999999999999999', '1234567890123456789012.3456789012345678', '-0.01'), "
    + "('-99999999999999999999999999999999999999', '-0.0000000000000001', '92233720368547758.07'), "
    + "('0', '-1', '-92233720368547758.09'))",
  // columns: UUID, LowCardinality(Nullable(String)), Enum16('it''s' = -300, 'b' = 1000), FixedString(3), Date, DateTime('UTC')
  'mixed.bin': "SELECT u, s, e, f, d, t FROM values('u UUID, s LowCardinality(Nullable(String)), e Enum16(\\'it\\\\\\'s\\' = -300, \\'b\\' = 1000), "
    + "f FixedString(3), d Date, t DateTime(\\'UTC\\')', "
    + "('01234567-89ab-cdef-0011-223344556677', 'Zürich', 'it\\'s', 'ab', '2025-04-01', '2025-04-01 12:34:56'), "
    + "('ffffffff-ffff-ffff-ffff-ffffffffffff', NULL, 'b', 'xyz', '1970-01-01', '1970-01-01 00:00:00'))",
};

for (const [file, sql] of Object.entries(fixtures)) {
  const result = await chdb.queryAsync(sql + ' FORMAT RowBinary');
  const bytes = Buffer.from(result.bytes());
  writeFileSync(new URL(file, import.meta.url), bytes);
  console.log(file, bytes.length, 'bytes:', bytes.toString('hex'));
}
console.log('engine', JSON.stringify(chdb.version ? chdb.version() : 'unknown'));
