import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Types;

import java.io.Closeable;
import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads one of Floe's cold tables with Apache Iceberg's own Java libraries alone (no Floe class is on the class
 * path) and prints what another engine sees: layout, snapshots, and the rows read by Iceberg's generic reader.
 *
 * <p>Usage: {@code ReadColdTable [--key col1,col2] <namespace.table>}, e.g. {@code cold.bronze_trades_binance}.
 * Settings come from the environment, as the local stack's {@code floe.env} names them: FLOE_CATALOG_TYPE (jdbc or
 * rest, default jdbc), FLOE_CATALOG_URI or FLOE_JDBC_URL, FLOE_PG_USER, FLOE_PG_PASSWORD, FLOE_CATALOG_TOKEN (rest),
 * FLOE_CATALOG_NAME (default floe), FLOE_WAREHOUSE, FLOE_S3_ENDPOINT, FLOE_S3_REGION, FLOE_S3_ACCESS_KEY,
 * FLOE_S3_SECRET_KEY, FLOE_S3_PATH_STYLE (default true).
 *
 * <p>Output: one {@code key=value} line per fact on stdout (keys that repeat, like {@code schema.field}, keep their
 * order). Exit status: 0 read, 2 no such table, 3 this JDK cannot read the table's files (a local directory on Java
 * 23+), 64 bad usage, 1 other failure. The program only reads: it never creates the catalog's tables nor writes
 * anything.
 *
 * <p>Written for Java 17 and later, so that a JDK on which Hadoop's local file system still works (17 to 22) can
 * read a local-disk warehouse; see docs/verify.md.
 */
public class ReadColdTable {

    static final int EXIT_NO_TABLE = 2;
    static final int EXIT_JDK = 3;
    static final int EXIT_USAGE = 64;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("read-cold-table: " + e.getMessage());
            System.err.println("usage: read-cold-table [--key col1,col2] <namespace.table>"
                    + "   (e.g. cold.bronze_trades_binance)");
            System.exit(EXIT_USAGE);
            return;
        }
        Map<String, String> env = System.getenv();
        String catalogName = setting(env, "FLOE_CATALOG_NAME", "floe");
        Map<String, String> properties = catalogProperties(env);
        String uri = redact(properties.get(CatalogProperties.URI));
        String where = "catalog '" + catalogName + "' at " + uri;

        Catalog catalog = CatalogUtil.buildIcebergCatalog(catalogName, properties, new Configuration());
        try {
            Table table;
            try {
                table = catalog.loadTable(options.table);
            } catch (NoSuchTableException e) {
                System.err.println("read-cold-table: table " + options.table + " does not exist in " + where);
                System.exit(EXIT_NO_TABLE);
                return;
            } catch (RuntimeException e) {
                if (hadoopNeedsOlderJava(e)) {
                    System.err.println("read-cold-table: table " + options.table + " is in a local directory;"
                            + " Iceberg reads local files through Hadoop's file system, which fails on Java 23 and"
                            + " later (this is Java " + Runtime.version().feature() + "). Run it with a JDK 17 to 22"
                            + " (FLOE_VERIFY_JAVA_HOME).");
                    System.exit(EXIT_JDK);
                    return;
                }
                // e.g. the catalog database is unreachable, or its Iceberg tables were never created
                System.err.println("read-cold-table: cannot load table " + options.table + " from " + where + ": " + e);
                System.exit(1);
                return;
            }
            for (String column : options.keyColumns) {
                if (table.schema().findField(column) == null) {
                    System.err.println("read-cold-table: --key column '" + column + "' is not in " + options.table
                            + "; its columns: " + columnNames(table.schema()));
                    System.exit(EXIT_USAGE);
                    return;
                }
            }
            new Report(System.out, table, catalogName, uri, options.keyColumns).print();
        } finally {
            if (catalog instanceof Closeable) {
                ((Closeable) catalog).close();
            }
        }
    }

    /** Command line: the table and the optional key columns. */
    static final class Options {
        final TableIdentifier table;
        final List<String> keyColumns;

        private Options(TableIdentifier table, List<String> keyColumns) {
            this.table = table;
            this.keyColumns = keyColumns;
        }

        static Options parse(String[] args) {
            String table = null;
            List<String> keys = List.of();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--key")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--key needs a comma-separated list of columns");
                    }
                    keys = parseKeys(args[++i]);
                } else if (arg.startsWith("--key=")) {
                    keys = parseKeys(arg.substring("--key=".length()));
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + arg);
                } else if (table != null) {
                    throw new IllegalArgumentException("one table only, got " + table + " and " + arg);
                } else {
                    table = arg;
                }
            }
            if (table == null) {
                throw new IllegalArgumentException("no table given");
            }
            if (!table.contains(".")) {
                throw new IllegalArgumentException("table '" + table + "' needs its namespace, e.g. cold." + table);
            }
            return new Options(TableIdentifier.parse(table), keys);
        }

        private static List<String> parseKeys(String list) {
            List<String> keys = new ArrayList<>();
            for (String key : list.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.trim());
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("--key needs at least one column");
            }
            return List.copyOf(keys);
        }
    }

    /**
     * Plain Iceberg catalog properties. The FileIO is Iceberg's ResolvingFileIO, which picks S3FileIO for s3://
     * locations and HadoopFileIO for local ones by each file's location, whatever the warehouse setting says.
     */
    static Map<String, String> catalogProperties(Map<String, String> env) {
        Map<String, String> p = new HashMap<>();
        String type = setting(env, "FLOE_CATALOG_TYPE", "jdbc").toLowerCase(Locale.ROOT);
        String uri = setting(env, "FLOE_CATALOG_URI",
                setting(env, "FLOE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/floe"));
        p.put(CatalogProperties.URI, uri);
        switch (type) {
            case "jdbc":
                p.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
                p.put("jdbc.user", setting(env, "FLOE_PG_USER", "floe"));
                String password = setting(env, "FLOE_PG_PASSWORD", "");
                if (!password.isEmpty()) {
                    p.put("jdbc.password", password);
                }
                // a reader: never create the catalog's tables in someone's database
                p.put("jdbc.init-catalog-tables", "false");
                break;
            case "rest":
                p.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.rest.RESTCatalog");
                String token = setting(env, "FLOE_CATALOG_TOKEN", "");
                if (!token.isEmpty()) {
                    p.put("token", token);
                }
                break;
            default:
                throw new IllegalArgumentException("FLOE_CATALOG_TYPE must be jdbc or rest, was " + type);
        }
        p.put(CatalogProperties.WAREHOUSE_LOCATION,
                setting(env, "FLOE_WAREHOUSE", "s3://floe-warehouse/warehouse").replaceFirst("^s3a://", "s3://"));
        p.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.io.ResolvingFileIO");
        p.put("client.region", setting(env, "FLOE_S3_REGION", "us-east-1"));
        p.put("s3.path-style-access", setting(env, "FLOE_S3_PATH_STYLE", "true"));
        String endpoint = setting(env, "FLOE_S3_ENDPOINT", "");
        if (!endpoint.isEmpty()) {
            p.put("s3.endpoint", endpoint);
        }
        String accessKey = setting(env, "FLOE_S3_ACCESS_KEY", "");
        String secretKey = setting(env, "FLOE_S3_SECRET_KEY", "");
        if (!accessKey.isEmpty() && !secretKey.isEmpty()) {
            p.put("s3.access-key-id", accessKey);
            p.put("s3.secret-access-key", secretKey);
        }
        p.put("http-client.type", "urlconnection");
        return p;
    }

    static String setting(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Hadoop's user lookup calls Subject.getSubject, which Java 23+ refuses with this exception. */
    static boolean hadoopNeedsOlderJava(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && String.valueOf(t.getMessage()).contains("getSubject")) {
                return true;
            }
        }
        return false;
    }

    /** The URI without user info and query (either may carry a password). */
    static String redact(String uri) {
        String s = uri.replaceFirst("//[^/@]*@", "//");
        int query = s.indexOf('?');
        return query < 0 ? s : s.substring(0, query) + "?...";
    }

    static String columnNames(Schema schema) {
        List<String> names = new ArrayList<>();
        schema.columns().forEach(f -> names.add(f.name()));
        return String.join(", ", names);
    }

    /** Everything printed about one table, in a fixed order. */
    static final class Report {
        private final PrintStream out;
        private final Table table;
        private final String catalogName;
        private final String catalogUri;
        private final List<String> keyColumns;

        Report(PrintStream out, Table table, String catalogName, String catalogUri, List<String> keyColumns) {
            this.out = out;
            this.table = table;
            this.catalogName = catalogName;
            this.catalogUri = catalogUri;
            this.keyColumns = keyColumns;
        }

        void print() throws Exception {
            Schema schema = table.schema();
            PartitionSpec spec = table.spec();
            line("table", table.name());
            line("catalog", catalogName);
            line("catalog-uri", catalogUri);
            line("location", table.location());
            line("format-version", ((HasTableOperations) table).operations().current().formatVersion());
            for (Types.NestedField field : schema.columns()) {
                line("schema.field", field.fieldId() + " " + field.name() + " " + field.type()
                        + " " + (field.isRequired() ? "required" : "optional"));
            }
            for (PartitionField field : spec.fields()) {
                line("partition-spec.field", field.transform() + "(" + schema.findColumnName(field.sourceId()) + ")");
            }
            for (SortField field : table.sortOrder().fields()) {
                String column = schema.findColumnName(field.sourceId());
                String term = field.transform().isIdentity() ? column : field.transform() + "(" + column + ")";
                line("sort-order.field", term + " " + field.direction() + " " + field.nullOrder());
            }
            new TreeMap<>(table.properties()).forEach((k, v) -> line("property." + k, v));

            int snapshots = 0;
            for (Snapshot ignored : table.snapshots()) {
                snapshots++;
            }
            line("snapshots", snapshots);
            Snapshot current = table.currentSnapshot();
            if (current != null) {
                line("current-snapshot.id", current.snapshotId());
                line("current-snapshot.operation", current.operation());
                new TreeMap<>(current.summary()).forEach((k, v) -> {
                    if (k.startsWith("floe.marker.")) {
                        line("current-snapshot.summary." + k, v);
                    }
                });
            }

            // What the metadata says: files and row counts per partition (each under the spec it was written with).
            Map<String, long[]> partitions = new TreeMap<>(); // path -> {files, metadata rows, rows read}
            Set<String> formats = new TreeSet<>();
            List<String> parquetPaths = new ArrayList<>();
            long files = 0;
            long metadataRows = 0;
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    files++;
                    metadataRows += file.recordCount();
                    formats.add(file.format().name());
                    if (file.format() == org.apache.iceberg.FileFormat.PARQUET) {
                        parquetPaths.add(file.location());
                    }
                    long[] counts = partitions.computeIfAbsent(
                            table.specs().get(file.specId()).partitionToPath(file.partition()), k -> new long[3]);
                    counts[0]++;
                    counts[1] += file.recordCount();
                }
            }
            line("data-files", files);
            line("data-file-formats", String.join(",", formats));
            // The compression another engine meets: every column chunk's codec, from each Parquet file's footer.
            Map<String, Long> codecs = new TreeMap<>();
            for (String path : parquetPaths) {
                for (BlockMetaData rowGroup : footer(table.io().newInputFile(path)).getBlocks()) {
                    for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
                        codecs.merge(chunk.getCodec().name(), 1L, Long::sum);
                    }
                }
            }
            StringBuilder codecList = new StringBuilder();
            codecs.forEach((codec, count) -> codecList.append(codecList.length() == 0 ? "" : ",")
                    .append(codec).append(':').append(count));
            line("column-chunk-codecs", codecList);
            line("metadata-rows", metadataRows);

            // What the generic reader returns: every row, checked against keys and partitions.
            Types.NestedField source = spec.isUnpartitioned() ? null
                    : schema.findField(spec.fields().get(0).sourceId());
            PartitionKey partitionKey = new PartitionKey(spec, schema);
            InternalRecordWrapper internal = new InternalRecordWrapper(schema.asStruct());
            int sourcePosition = source == null ? -1 : position(schema, source.name());
            @SuppressWarnings("unchecked")
            Comparator<Object> order = source == null ? null
                    : (Comparator<Object>) (Comparator<?>) Comparators.forType(source.type().asPrimitiveType());
            Object minInternal = null;
            Object maxInternal = null;
            Object min = null;
            Object max = null;
            Set<Object> keys = new HashSet<>();
            long rows = 0;
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                for (Record record : records) {
                    rows++;
                    if (!keyColumns.isEmpty()) {
                        keys.add(key(record));
                    }
                    if (source != null) {
                        InternalRecordWrapper wrapped = internal.wrap(record);
                        partitionKey.partition(wrapped);
                        partitions.computeIfAbsent(spec.partitionToPath(partitionKey), k -> new long[3])[2]++;
                        Object value = wrapped.get(sourcePosition, Object.class);
                        if (value != null) {
                            if (minInternal == null || order.compare(value, minInternal) < 0) {
                                minInternal = value;
                                min = record.getField(source.name());
                            }
                            if (maxInternal == null || order.compare(value, maxInternal) > 0) {
                                maxInternal = value;
                                max = record.getField(source.name());
                            }
                        }
                    } else {
                        partitions.computeIfAbsent(spec.partitionToPath(partitionKey), k -> new long[3])[2]++;
                    }
                }
            }
            line("rows", rows);
            if (!keyColumns.isEmpty()) {
                line("key-columns", String.join(",", keyColumns));
                line("distinct-keys", keys.size());
                line("duplicate-rows", rows - keys.size());
            }
            if (source != null) {
                line("partition-source", source.name());
                line("partition-source.min", show(min));
                line("partition-source.max", show(max));
            }
            long mismatched = 0;
            for (Map.Entry<String, long[]> p : partitions.entrySet()) {
                long[] c = p.getValue();
                line("partition", (p.getKey().isEmpty() ? "(unpartitioned)" : p.getKey())
                        + " files=" + c[0] + " metadata-rows=" + c[1] + " rows-read=" + c[2]);
                if (c[1] != c[2]) {
                    mismatched++;
                }
            }
            // a row read from a file of another partition than its own value says shows up here
            line("partitions-mismatched", mismatched);
        }

        /** A Parquet file's footer, read through the table's own FileIO (S3 or local), not Hadoop's file system. */
        private static org.apache.parquet.hadoop.metadata.ParquetMetadata footer(InputFile file) throws Exception {
            org.apache.parquet.io.InputFile parquetFile = new org.apache.parquet.io.InputFile() {
                @Override
                public long getLength() {
                    return file.getLength();
                }

                @Override
                public SeekableInputStream newStream() {
                    org.apache.iceberg.io.SeekableInputStream in = file.newStream();
                    return new DelegatingSeekableInputStream(in) {
                        @Override
                        public long getPos() throws java.io.IOException {
                            return in.getPos();
                        }

                        @Override
                        public void seek(long position) throws java.io.IOException {
                            in.seek(position);
                        }
                    };
                }
            };
            try (ParquetFileReader reader = ParquetFileReader.open(parquetFile)) {
                return reader.getFooter();
            }
        }

        private Object key(Record record) {
            if (keyColumns.size() == 1) {
                return record.getField(keyColumns.get(0));
            }
            Object[] values = new Object[keyColumns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = record.getField(keyColumns.get(i));
            }
            return Arrays.asList(values);
        }

        /** Timestamps with time zone as instants with all their digits (OffsetDateTime drops zero seconds). */
        private static Object show(Object value) {
            return value instanceof OffsetDateTime ? ((OffsetDateTime) value).toInstant() : value;
        }

        private static int position(Schema schema, String topLevelColumn) {
            List<Types.NestedField> columns = schema.columns();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(topLevelColumn)) {
                    return i;
                }
            }
            throw new IllegalStateException("partition source column " + topLevelColumn + " is not a top-level column");
        }

        private void line(String key, Object value) {
            out.println(key + "=" + value);
        }
    }
}
