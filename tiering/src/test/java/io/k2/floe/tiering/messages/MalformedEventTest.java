package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static io.k2.floe.tiering.messages.Json.data;
import static io.k2.floe.tiering.messages.Json.edit;
import static io.k2.floe.tiering.messages.Samples.CODEC;
import static io.k2.floe.tiering.messages.Samples.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MalformedEventTest {

    private static void assertRefused(Event event, Consumer<ObjectNode> change, String message) {
        String json = edit(CODEC.encode(SOURCE, event), change);
        MalformedMessageException e = catchThrowableOfType(MalformedMessageException.class, () -> CODEC.decodeEvent(json));
        assertThat(e).as("decoding should have been refused: %s", json).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aCommandIsNotAnEvent() {
        MalformedMessageException e = catchThrowableOfType(MalformedMessageException.class,
                () -> CODEC.decodeEvent(CODEC.encode(SOURCE, Samples.offload())));
        assertThat(e.getMessage()).startsWith("type 'io.k2.floe.command.offload.v1' is a command, not an event; "
                + "known event types: io.k2.floe.event.offload.completed.v1");
    }

    @Test
    void unknownEventType() {
        assertRefused(Samples.alertRaised(), ce -> ce.put("type", "io.k2.floe.event.alert.snoozed.v1"),
                "unknown type 'io.k2.floe.event.alert.snoozed.v1'; known event types: " + MessageType.names(false));
    }

    @Test
    void offloadCompleted() {
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).put("rows", -1), "data: rows must not be negative, got -1");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).remove("marker"), "data.marker is missing");
        assertRefused(Samples.offloadCompleted(), ce -> ((ObjectNode) data(ce).get("marker")).remove("runId"),
                "data.marker.runId is missing");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).put("repeat", "no"),
                "data.repeat must be true or false, got a string (\"no\")");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).put("snapshotId", 1.0e20),
                "data.snapshotId must be a whole number, got a number (1.0E20)");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).put("snapshotId", new java.math.BigInteger("99999999999999999999")),
                "data.snapshotId is out of range: 99999999999999999999");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).putArray("partitions").add("2026-03-02").add("2026-03-02"),
                "data: partitions lists a partition twice");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).putArray("partitions").add("2026 03"),
                "data: partitions entry '2026 03' is not a partition label (e.g. 2024-05-01)");
        assertRefused(Samples.offloadCompleted(), ce -> data(ce).put("partitions", "2026-03-02"),
                "data.partitions must be an array, got a string (\"2026-03-02\")");
    }

    @Test
    void auditVerdictsAreCheckedOneByOne() {
        assertRefused(Samples.auditCompleted(), ce -> data(ce).remove("verdicts"), "data.verdicts is missing");
        assertRefused(Samples.auditCompleted(), ce -> ((ObjectNode) data(ce).get("verdicts").get(1)).remove("warmRows"),
                "data.verdicts[1].warmRows is missing");
        assertRefused(Samples.auditCompleted(), ce -> ((ObjectNode) data(ce).get("verdicts").get(0)).put("equal", 1),
                "data.verdicts[0].equal must be true or false, got a number (1)");
        assertRefused(Samples.auditCompleted(), ce -> ((ObjectNode) data(ce).get("verdicts").get(1)).put("partition", "2026-03-01"),
                "data: verdicts lists a partition twice");
    }

    @Test
    void taskFailed() {
        assertRefused(Samples.taskFailed(), ce -> data(ce).put("errorType", "commit conflict"),
                "data: errorType 'commit conflict' is not an UPPER_SNAKE code such as UNKNOWN_TABLE");
        assertRefused(Samples.taskFailed(), ce -> data(ce).remove("message"), "data.message is missing");
        assertRefused(Samples.taskFailed(), ce -> data(ce).remove("commandId"), "data.commandId is missing");
        assertRefused(Samples.taskFailed(), ce -> data(ce).put("attempt", -1), "data: attempt must not be negative, got -1");
    }

    @Test
    void runCompleted() {
        assertRefused(Samples.runCompleted(), ce -> ((ObjectNode) data(ce).get("tables").get(0)).put("outcome", "OK"),
                "data.tables[0].outcome has unknown value 'OK'; allowed: SUCCEEDED, FAILED, SKIPPED");
        assertRefused(Samples.runCompleted(), ce -> data(ce).put("finishedAt", "2026-03-02T10:00:00Z"),
                "data: finishedAt (2026-03-02T10:00:00Z) is before startedAt (2026-03-02T10:14:30Z)");
    }

    @Test
    void alerts() {
        assertRefused(Samples.alertRaised(), ce -> data(ce).put("severity", "PAGE"),
                "data.severity has unknown value 'PAGE'; allowed: INFO, WARNING, CRITICAL");
        assertRefused(Samples.alertRaised(), ce -> data(ce).put("name", "audit mismatch"),
                "data: name 'audit mismatch' is not an UpperCamelCase alert name such as OffloadFailing");
        assertRefused(Samples.alertResolved(), ce -> data(ce).putObject("labels").put("partition", 5),
                "data.labels.partition must be a string, got a number (5)");
    }
}
