package io.k2.floe.offload.window;

import io.k2.floe.tiering.catalog.PartitionTransform;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.types.Types;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The labels of the cold partitions a window's data files belong to, for the completed event: each file carries
 * its partition as Iceberg's ordinal of the time transform (days, months, ... since 1970), which is turned back into
 * the partition's first instant and named by {@link PartitionTransform#labelOf} of the file's own spec.
 *
 * <p>Never throws: the labels are computed after the commit, when a failure must not turn committed files into
 * "uncommitted" ones. A file whose spec has no time field on the catalog's column (not a table Floe created) is
 * left unnamed.
 */
final class WrittenPartitions {

    private static final Logger LOG = Logger.getLogger(WrittenPartitions.class);

    private WrittenPartitions() {
    }

    /**
     * Distinct labels, in time order.
     *
     * @param column the table's partition column (the catalog's {@code partition} transform applies to it)
     * @param specs  the cold table's partition specs by id
     */
    static List<String> labels(String column, Map<Integer, PartitionSpec> specs, List<DataFile> files) {
        TreeMap<Instant, String> labels = new TreeMap<>();
        for (DataFile file : files) {
            Optional<Map.Entry<Instant, String>> label;
            try {
                label = labelOf(column, specs.get(file.specId()), file);
            } catch (RuntimeException e) {
                label = Optional.empty(); // a partition value of an unexpected type
            }
            if (label.isPresent()) {
                labels.put(label.get().getKey(), label.get().getValue());
            } else {
                LOG.warnf("data file %s has no time partition on %s; its partition is not named in the event",
                        file.location(), column);
            }
        }
        return labels.values().stream().distinct().toList();
    }

    /** The partition's first instant (to order by) and its label. */
    private static Optional<Map.Entry<Instant, String>> labelOf(String column, PartitionSpec spec, DataFile file) {
        if (spec == null) {
            return Optional.empty();
        }
        Types.NestedField source = spec.schema().findField(column);
        List<PartitionField> fields = spec.fields();
        for (int i = 0; source != null && i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            if (field.sourceId() != source.fieldId()) {
                continue;
            }
            Integer ordinal = file.partition().get(i, Integer.class);
            Optional<PartitionTransform> transform = PartitionTransform.parse(field.transform() + "(" + column + ")");
            if (ordinal != null && transform.isPresent()) {
                Instant start = start(transform.get().unit(), ordinal);
                return Optional.of(Map.entry(start, transform.get().labelOf(start)));
            }
        }
        return Optional.empty();
    }

    private static Instant start(PartitionTransform.Unit unit, int ordinal) {
        LocalDate epoch = LocalDate.EPOCH;
        return switch (unit) {
            case HOUR -> Instant.EPOCH.plus(ordinal, ChronoUnit.HOURS);
            case DAY -> epoch.plusDays(ordinal).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH -> epoch.plusMonths(ordinal).atStartOfDay().toInstant(ZoneOffset.UTC);
            case YEAR -> epoch.plusYears(ordinal).atStartOfDay().toInstant(ZoneOffset.UTC);
        };
    }
}
