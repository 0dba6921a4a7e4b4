package io.k2.floe.tiering.warm.figures;

import io.k2.floe.tiering.warm.ClickHouseHttp;
import io.k2.floe.tiering.warm.WarmReadException;
import io.k2.floe.tiering.warm.WarmWindowQuery;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The warm side of a partition, computed by ClickHouse in one query: rows, time range and content checksum of exactly
 * the rows the offload windows up to the marker have taken into the partition (the repair's selection, unordered).
 * Shared by the auditor (the warm half of a verdict) and the maintenance worker's warm retention (which asks again,
 * right before dropping a partition, that the warm side still gives the verdict's figures): one query, so both always
 * mean the same rows.
 */
@ApplicationScoped
public class WarmFigures {

    private final ClickHouseHttp http;

    public WarmFigures(ClickHouseHttp http) {
        this.http = http;
    }

    /** The figures of partition {@code label} up to {@code upTo}, for the table {@code side} describes. */
    public PartitionFigures of(AuditSide side, String label, Instant upTo) throws IOException {
        String sql = sql(side, label, upTo);
        try (InputStream body = http.query(sql, side.query().settings())) {
            String answer = new String(body.readAllBytes(), StandardCharsets.UTF_8).trim();
            String[] fields = answer.split("\t");
            if (fields.length != 4) {
                throw new WarmReadException("unexpected answer to the audit query of " + side.table().id()
                        + " partition " + label + ": '" + answer + "'");
            }
            long rows = Long.parseLong(fields[0]);
            if (rows == 0) {
                return PartitionFigures.EMPTY_WITH_CHECKSUM;
            }
            return new PartitionFigures(rows, OptionalLong.of(Long.parseLong(fields[1])),
                    OptionalLong.of(Long.parseLong(fields[2])),
                    Optional.of(RowChecksum.text(Long.parseUnsignedLong(fields[3]))));
        }
    }

    /** How this ClickHouse server prints decimals, asked now (one tiny query). */
    public DecimalText decimalText() throws IOException {
        try (InputStream body = http.query(DecimalText.PROBE)) {
            return DecimalText.fromProbe(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * The query: count, min and max time (epoch µs), and the sum of the row hashes, over the partition's rows. Public
     * for deploy/local/bench-audit, which times ClickHouse alone answering it.
     */
    public static String sql(AuditSide side, String label, Instant upTo) {
        String rows = side.bars().isPresent()
                ? side.query().partitionRows(label, upTo, side.bars().get())
                : side.query().partitionRows(label, upTo);
        String time = WarmWindowQuery.micros(side.timeColumn());
        return "SELECT count(), toInt64(min(" + time + ")), toInt64(max(" + time + ")), sum("
                + side.checksum().warmRowHash() + ") FROM (" + rows + ") FORMAT TabSeparated";
    }
}
