package io.k2.floe.audit.compare;

import io.k2.floe.tiering.catalog.PartitionTransform;
import io.k2.floe.tiering.catalog.TimeBounds;
import io.k2.floe.tiering.messages.AuditCommand;
import io.k2.floe.tiering.messages.TimeRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The partitions an audit command asks for, checked against the table's partitioning. */
public final class AuditScope {

    private AuditScope() {
    }

    /**
     * The command's partitions, or every partition its range overlaps, sorted and without repeats.
     *
     * @throws InvalidAuditException naming the label or range when it cannot be a partition list of this table
     */
    public static List<String> partitions(AuditCommand command, PartitionTransform transform, int maxPartitions) {
        TreeSet<String> labels = new TreeSet<>();
        if (command.range().isPresent()) {
            TimeRange range = command.range().get();
            String label = transform.labelOf(range.from());
            while (transform.startOf(label).isBefore(range.to())) {
                labels.add(label);
                if (labels.size() > maxPartitions) {
                    throw new InvalidAuditException("range " + range + " spans more than " + maxPartitions + " "
                            + transform.unit().icebergName() + " partitions of " + command.table()
                            + " (floe.auditor.max-partitions); audit it in parts");
                }
                Instant next = transform.endOf(label);
                label = transform.labelOf(next);
            }
        } else {
            for (String label : command.partitions()) {
                try {
                    TimeBounds.requirePartition(transform, label);
                } catch (IllegalArgumentException e) {
                    throw new InvalidAuditException("table " + command.table() + ": " + e.getMessage());
                }
                labels.add(label);
            }
            if (labels.size() > maxPartitions) {
                throw new InvalidAuditException(labels.size() + " partitions asked of " + command.table()
                        + ", more than " + maxPartitions + " (floe.auditor.max-partitions); audit them in parts");
            }
        }
        return new ArrayList<>(labels);
    }

    /** A command that cannot be carried out as asked; answered INVALID_COMMAND, nothing changed. */
    public static final class InvalidAuditException extends RuntimeException {
        public InvalidAuditException(String message) {
            super(message);
        }
    }
}
