package io.k2.floe.maintenance.retention;

import io.k2.floe.tiering.catalog.CatalogTable;
import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.ClickHouseIdentifiers;
import io.k2.floe.tiering.warm.WarmColumn;
import io.k2.floe.tiering.warm.WarmWindowQuery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The warm table's partitions, from ClickHouse itself: which partition holds a cold partition's rows (asked of the data
 * and {@code system.parts}, never derived from the label), whether it holds anything else, and dropping it.
 */
final class WarmPartitions {

    // ClickHouse partition ids and part names: digits, letters, underscores (e.g. 20261120, 20261120_1_4_1).
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final ClickHouseHttp http;

    WarmPartitions(ClickHouseHttp http) {
        this.http = http;
    }

    /** What ClickHouse says about the warm partition behind a cold partition label. */
    sealed interface Lookup {
    }

    /** No row of the warm table has a time in the cold partition. */
    record Absent() implements Lookup {
    }

    /** The one warm partition holding exactly the cold partition's rows (and no row of another cold partition). */
    record Found(WarmPartition partition) implements Lookup {
    }

    /** The cold partition's rows are spread over several warm partitions, or share one with other rows. */
    record Wider(String why) implements Lookup {
    }

    /**
     * Finds the warm partition of {@code label}: the parts holding rows with a time in the cold partition must all
     * belong to one ClickHouse partition, and every row of that partition must have its time in the cold partition
     * (else dropping it would drop rows the cold partition's verdict never covered).
     */
    Lookup find(CatalogTable table, WarmColumn time, String label) throws IOException {
        PartitionTransform transform = table.partition();
        String micros = WarmWindowQuery.micros(time);
        long start = micros(transform.startOf(label));
        long end = micros(transform.endOf(label));
        String warm = ClickHouseIdentifiers.quote(table.warmTable());
        List<String> holding = names(query("SELECT DISTINCT _part FROM " + warm + " WHERE " + micros + " >= " + start
                + " AND " + micros + " < " + end));
        if (holding.isEmpty()) {
            return new Absent();
        }
        TreeMap<String, TreeSet<String>> byPartition = activeParts(table);
        TreeSet<String> ids = new TreeSet<>();
        for (String part : holding) {
            ids.add(byPartition.entrySet().stream().filter(e -> e.getValue().contains(part)).map(e -> e.getKey())
                    .findFirst().orElse("?" + part));
        }
        if (ids.size() != 1 || ids.first().startsWith("?")) {
            return new Wider("rows of " + label + " lie in warm partitions " + ids + " of " + table.warmTable()
                    + ", not in one");
        }
        String id = ids.first();
        List<String> parts = List.copyOf(byPartition.get(id));
        String[] range = query("SELECT toInt64(min(" + micros + ")), toInt64(max(" + micros + ")) FROM " + warm
                + " WHERE _part IN (" + quoted(parts) + ")").trim().split("\t");
        long min = Long.parseLong(range[0]);
        long max = Long.parseLong(range[1]);
        if (min < start || max >= end) {
            return new Wider("warm partition " + id + " of " + table.warmTable() + " holds times from "
                    + instant(min) + " to " + instant(max) + ", beyond " + label);
        }
        return new Found(new WarmPartition(id, parts));
    }

    /** The active parts of partition {@code id} now; empty when the partition is gone. */
    Optional<WarmPartition> current(CatalogTable table, String id) throws IOException {
        TreeSet<String> parts = activeParts(table).get(checked(id));
        return parts == null ? Optional.empty() : Optional.of(new WarmPartition(id, List.copyOf(parts)));
    }

    /** A gold partition's bars: how many, and when the last trade in them was ingested. */
    record Bars(long count, Instant lastIngested) {
    }

    /**
     * The bars of a gold table's warm partition, from its own aggregate states (not from silver, whose days go long
     * before gold's): one bar per key, the latest ingestion time among their trades.
     */
    Bars bars(CatalogTable table, WarmPartition partition) throws IOException {
        String keys = table.keyColumns().stream().map(ClickHouseIdentifiers::quote).collect(Collectors.joining(", "));
        String ordering = ClickHouseIdentifiers.quote(table.orderingColumn());
        String[] answer = query("SELECT count(), toInt64(max(t)) FROM (SELECT toUInt32(maxMerge(" + ordering + ")) AS t"
                + " FROM " + ClickHouseIdentifiers.quote(table.warmTable()) + " WHERE _part IN ("
                + quoted(partition.parts()) + ") GROUP BY " + keys + ")").trim().split("\t");
        return new Bars(Long.parseLong(answer[0]), Instant.ofEpochSecond(Long.parseLong(answer[1])));
    }

    /** Drops partition {@code id} of the warm table (ClickHouse removes its active parts at once). */
    void drop(CatalogTable table, String id) throws IOException {
        String warm = ClickHouseIdentifiers.quote(table.warmTable());
        query("ALTER TABLE " + warm + " DROP PARTITION ID '" + checked(id) + "'");
    }

    /** Partition id → names of its active parts. */
    private TreeMap<String, TreeSet<String>> activeParts(CatalogTable table) throws IOException {
        String sql = "SELECT partition_id, name FROM system.parts WHERE active AND database = '"
                + ClickHouseHttp.identifier("database", http.database()) + "' AND table = '"
                + ClickHouseHttp.identifier("warm table", table.warmTable()) + "'";
        TreeMap<String, TreeSet<String>> parts = new TreeMap<>();
        for (String line : query(sql).split("\n")) {
            if (!line.isBlank()) {
                String[] fields = line.split("\t");
                parts.computeIfAbsent(checked(fields[0]), k -> new TreeSet<>()).add(checked(fields[1]));
            }
        }
        return parts;
    }

    /** The {@code _part} names of an answer, one per line. */
    private static List<String> names(String answer) {
        List<String> names = new ArrayList<>();
        for (String line : answer.split("\n")) {
            if (!line.isBlank()) {
                names.add(checked(line.trim()));
            }
        }
        return names;
    }

    private String query(String sql) throws IOException {
        try (InputStream body = http.query(sql + (sql.startsWith("ALTER") ? "" : " FORMAT TabSeparated"))) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String quoted(List<String> parts) {
        return parts.stream().map(p -> "'" + checked(p) + "'").collect(Collectors.joining(", "));
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("unexpected ClickHouse partition or part name '" + name + "'");
        }
        return name;
    }

    private static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
