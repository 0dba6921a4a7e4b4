package io.k2.floe.tiering.catalog;

import java.util.ArrayList;
import java.util.List;

/** A small, valid catalog written out in code, so each validation test changes exactly one thing. */
final class Tables {

    private Tables() {
    }

    static TableDefinition.Builder bronze(String id) {
        return TableDefinition.builder(id).layer("bronze").warmTable(id).coldTable("cold." + id)
                .partition("day(trade_time_us)").clusterBy("symbol", "trade_time_us")
                .orderingColumn("ingested_at").timeColumn("trade_time_us").timeEncoding("epoch-micros")
                .keyColumns("trade_id");
    }

    static TableDefinition.Builder silver(String id, String... upstreams) {
        return TableDefinition.builder(id).layer("silver").warmTable(id).coldTable("cold." + id)
                .partition("day(trade_time_us)").clusterBy("symbol", "trade_time_us")
                .orderingColumn("ingested_at").timeColumn("trade_time_us").timeEncoding("epoch-micros")
                .keyColumns("exchange", "trade_id").dependsOn(upstreams);
    }

    static TableDefinition.Builder gold(String id, String bucket, String... upstreams) {
        return TableDefinition.builder(id).layer("gold").warmTable(id).warmRead(id + "_bars")
                .coldTable("cold." + id).partition("month(bucket_start)").clusterBy("symbol", "bucket_start")
                .orderingColumn("ingested_at").timeColumn("bucket_start").keyColumns("symbol", "bucket_start")
                .dependsOn(upstreams).bucket(bucket);
    }

    /** bronze_a, bronze_b -> silver -> gold_1m, gold_1h. */
    static List<TableDefinition> valid() {
        return new ArrayList<>(List.of(
                bronze("bronze_a").build(),
                bronze("bronze_b").build(),
                silver("silver", "bronze_a", "bronze_b").build(),
                gold("gold_1m", "1m", "silver").build(),
                gold("gold_1h", "1h", "silver").build()));
    }

    /** {@link #valid()} with the table of the same id replaced. */
    static List<TableDefinition> validWith(TableDefinition replacement) {
        List<TableDefinition> tables = valid();
        tables.removeIf(t -> t.id().equals(replacement.id()));
        tables.add(replacement);
        return tables;
    }
}
