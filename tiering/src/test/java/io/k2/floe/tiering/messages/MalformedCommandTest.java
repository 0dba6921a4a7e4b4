package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import static io.k2.floe.tiering.messages.Json.data;
import static io.k2.floe.tiering.messages.Json.edit;
import static io.k2.floe.tiering.messages.Samples.CODEC;
import static io.k2.floe.tiering.messages.Samples.NOW;
import static io.k2.floe.tiering.messages.Samples.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MalformedCommandTest {

    private static final String OFFLOAD = CODEC.encode(SOURCE, Samples.offload());
    private static final String REPAIR = CODEC.encode(SOURCE, Samples.repair());
    private static final String COMPACT = CODEC.encode(SOURCE, Samples.compact());
    private static final String DROP_WARM = CODEC.encode(SOURCE, Samples.dropWarm());
    private static final String AUDIT = CODEC.encode(SOURCE, Samples.auditPartitions());

    private static MalformedMessageException refused(String json) {
        return refused(CODEC, json);
    }

    private static MalformedMessageException refused(MessageCodec codec, String json) {
        MalformedMessageException e = catchThrowableOfType(MalformedMessageException.class, () -> codec.decodeCommand(json));
        assertThat(e).as("decoding should have been refused: %s", json).isNotNull();
        return e;
    }

    private static void assertRefused(String json, Consumer<ObjectNode> change, String message) {
        assertThat(refused(edit(json, change)).getMessage()).isEqualTo(message);
    }

    @Test
    void emptyInput() {
        assertThat(refused("").getMessage()).isEqualTo("empty message: expected a CloudEvents JSON object");
        assertThat(refused(null).getMessage()).startsWith("empty message");
        assertThat(refused(" \n").getMessage()).startsWith("empty message");
    }

    @Test
    void notJson() {
        MalformedMessageException e = refused("offload bronze please");
        assertThat(e.getMessage()).startsWith("not JSON: ").endsWith("(input starts with 'offload bronze please')");
        assertThat(refused("{\"specversion\":\"1.0\",").getMessage()).startsWith("not JSON: ");
        assertThat(e.commandId()).isEmpty();
        assertThat(e.toTaskFailed(TaskKind.OFFLOAD)).isEmpty();
    }

    @Test
    void trailingGarbageAndDuplicateKeysAreNotJsonWeAccept() {
        assertThat(refused(OFFLOAD + " {}").getMessage()).startsWith("not JSON: ");
        String duplicated = OFFLOAD.replaceFirst("\"attempt\":1", "\"attempt\":1,\"attempt\":2");
        assertThat(refused(duplicated).getMessage()).startsWith("not JSON: ").contains("attempt");
    }

    @Test
    void notAnObject() {
        assertThat(refused("[1,2]").getMessage())
                .isEqualTo("not a JSON object: got an array; a CloudEvent in structured mode is one JSON object");
        assertThat(refused("42").getMessage()).startsWith("not a JSON object: got a number (42)");
        assertThat(refused("null").getMessage()).startsWith("not a JSON object: got null");
    }

    @Test
    void specversionMissingOrNotOnePointZero() {
        assertRefused(OFFLOAD, ce -> ce.remove("specversion"), "specversion is missing; expected \"1.0\"");
        assertRefused(OFFLOAD, ce -> ce.put("specversion", "0.3"), "specversion must be \"1.0\", got \"0.3\"");
        assertRefused(OFFLOAD, ce -> ce.put("specversion", 1.0), "specversion must be a string, got a number (1.0)");
    }

    @Test
    void requiredContextAttributes() {
        assertRefused(OFFLOAD, ce -> ce.remove("id"), "id is missing");
        assertRefused(OFFLOAD, ce -> ce.put("id", ""), "id must not be blank");
        assertRefused(OFFLOAD, ce -> ce.remove("source"), "source is missing");
        assertRefused(OFFLOAD, ce -> ce.remove("type"), "type is missing");
        assertRefused(OFFLOAD, ce -> ce.put("time", "yesterday"),
                "time 'yesterday' is not an ISO-8601 instant such as 2024-05-01T12:00:00Z");
    }

    @Test
    void unknownTypeIsNamed() {
        MalformedMessageException e = refused(edit(OFFLOAD, ce -> ce.put("type", "io.k2.floe.command.offload.v2")));
        assertThat(e.getMessage()).startsWith("unknown type 'io.k2.floe.command.offload.v2'; known command types: "
                + "io.k2.floe.command.offload.v1, io.k2.floe.command.maintenance.v1, io.k2.floe.command.audit.v1");
        assertThat(e.type()).contains("io.k2.floe.command.offload.v2");
        assertThat(e.kind()).isEmpty();
    }

    @Test
    void anEventIsNotACommandAndIsNotAnsweredAsOne() {
        String event = CODEC.encode(SOURCE, Samples.offloadCompleted());
        MalformedMessageException e = refused(event);
        assertThat(e.getMessage()).startsWith("type 'io.k2.floe.event.offload.completed.v1' is an event, not a command");
        assertThat(e.commandId()).contains("cmd-1");
        assertThat(e.toTaskFailed(TaskKind.OFFLOAD)).as("a completed command must not be reported failed").isEmpty();
    }

    @Test
    void dataMustBeJson() {
        assertRefused(OFFLOAD, ce -> ce.put("datacontenttype", "application/xml"),
                "datacontenttype 'application/xml' is not supported; data must be application/json");
        assertRefused(OFFLOAD, ce -> ce.remove("data"), "data is missing");
        assertRefused(OFFLOAD, ce -> ce.put("data", "cmd-1"), "data must be an object, got a string (\"cmd-1\")");
        assertRefused(OFFLOAD, ce -> {
            ce.remove("data");
            ce.put("data_base64", "e30=");
        }, "data_base64 is not supported; data must be a JSON object");
    }

    @Test
    void requiredDataFieldsAreNamed() {
        assertRefused(OFFLOAD, ce -> data(ce).remove("commandId"), "data.commandId is missing");
        assertRefused(OFFLOAD, ce -> data(ce).put("runId", " "), "data.runId must not be blank");
        assertRefused(OFFLOAD, ce -> data(ce).putNull("table"), "data.table is missing");
        assertRefused(OFFLOAD, ce -> data(ce).remove("window"), "data.window is missing");
        assertRefused(OFFLOAD, ce -> data(ce).remove("issuedAt"), "data.issuedAt is missing");
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).remove("upper"), "data.window.upper is missing");
    }

    @Test
    void wrongTypesAreNamed() {
        assertRefused(OFFLOAD, ce -> data(ce).put("attempt", "1"), "data.attempt must be a whole number, got a string (\"1\")");
        assertRefused(OFFLOAD, ce -> data(ce).put("attempt", 1.5), "data.attempt must be a whole number, got a number (1.5)");
        assertRefused(OFFLOAD, ce -> data(ce).put("attempt", 9_999_999_999L), "data.attempt is out of range: 9999999999");
        assertRefused(OFFLOAD, ce -> data(ce).put("table", 7), "data.table must be a string, got a number (7)");
        assertRefused(OFFLOAD, ce -> data(ce).put("window", "(a, b]"), "data.window must be an object, got a string (\"(a, b]\")");
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "10:00"),
                "data.window.lower '10:00' is not an ISO-8601 instant such as 2024-05-01T12:00:00Z");
        assertRefused(COMPACT, ce -> data(ce).putArray("partitions").add("2026-03-01").add(5),
                "data.partitions[1] must be a string, got a number (5)");
        assertRefused(COMPACT, ce -> data(ce).putObject("options").putArray("retain-last"),
                "data.options.retain-last must be a string, number or boolean, got an array");
    }

    @Test
    void attemptStartsAtOne() {
        MalformedMessageException e = refused(edit(OFFLOAD, ce -> data(ce).put("attempt", 0)));
        assertThat(e.getMessage()).isEqualTo("data: attempt must be at least 1, got 0");
        assertThat(e.attempt()).isEmpty();
    }

    @Test
    void windowLowerMustBeBeforeUpper() {
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "2026-03-02T10:00:00Z"),
                "data.window: lower (2026-03-02T10:00:00Z) must be before upper (2026-03-02T10:00:00Z); "
                        + "a window is lower exclusive, upper inclusive");
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "2026-03-02T11:00:00Z"),
                "data.window: lower (2026-03-02T11:00:00Z) must be before upper (2026-03-02T10:00:00Z); "
                        + "a window is lower exclusive, upper inclusive");
    }

    @Test
    void windowWiderThanTheMaximumIsAbsurd() {
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "2026-01-01T00:00:00Z"),
                "data.window (2026-01-01T00:00:00Z, 2026-03-02T10:00:00Z] is wider than the maximum of 31 days (PT744H); "
                        + "split it into smaller windows");
        // Exactly the maximum is fine.
        String edge = edit(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "2026-01-30T10:00:00Z"));
        assertThat(catchThrowableOfType(MalformedMessageException.class, () -> CODEC.decodeCommand(edge))).isNull();
        // The limit is the codec's configuration.
        MessageCodec narrow = new MessageCodec(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10), Duration.ZERO);
        assertThat(refused(narrow, OFFLOAD).getMessage()).contains("is wider than the maximum");
    }

    @Test
    void windowInTheFutureBeyondTheClockSkewIsAbsurd() {
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("upper", "2026-03-02T10:20:01Z"),
                "data.window.upper 2026-03-02T10:20:01Z is in the future (now 2026-03-02T10:15:00Z, tolerance PT5M); "
                        + "rows cannot have been ingested then");
        String withinSkew = edit(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("upper", "2026-03-02T10:20:00Z"));
        assertThat(catchThrowableOfType(MalformedMessageException.class, () -> CODEC.decodeCommand(withinSkew))).isNull();
    }

    @Test
    void unknownEnumValuesNameTheAllowedOnes() {
        assertRefused(OFFLOAD, ce -> data(ce).put("offloadKind", "URGENT"),
                "data.offloadKind has unknown value 'URGENT'; allowed: NORMAL, BACKFILL, REPAIR");
        assertRefused(OFFLOAD, ce -> data(ce).put("offloadKind", "normal"),
                "data.offloadKind has unknown value 'normal'; allowed: NORMAL, BACKFILL, REPAIR");
        assertRefused(COMPACT, ce -> data(ce).put("action", "VACUUM"),
                "data.action has unknown value 'VACUUM'; allowed: COMPACT, EXPIRE_SNAPSHOTS, REMOVE_ORPHANS, "
                        + "REWRITE_MANIFESTS, DROP_WARM_PARTITIONS");
    }

    @Test
    void repairNeedsAPartitionAndOnlyRepairHasOne() {
        assertRefused(REPAIR, ce -> data(ce).remove("partition"), "data: partition is required when offloadKind is REPAIR");
        assertRefused(OFFLOAD, ce -> data(ce).put("partition", "2026-03-02"),
                "data: partition is only allowed when offloadKind is REPAIR, not NORMAL");
        assertRefused(REPAIR, ce -> data(ce).put("partition", "2026-03'; DROP TABLE x"),
                "data: partition '2026-03'; DROP TABLE x' is not a partition label (e.g. 2024-05-01)");
    }

    @Test
    void tableMustLookLikeATableIdButNeedNotBeKnown() throws Exception {
        assertRefused(OFFLOAD, ce -> {
            data(ce).put("table", "bronze.trades");
            ce.put("subject", "bronze.trades");
        }, "data: table 'bronze.trades' is not a table id (letters, digits and underscores, at most 128)");
        String unknown = edit(OFFLOAD, ce -> {
            data(ce).put("table", "bronze_trades_coinbase");
            ce.put("subject", "bronze_trades_coinbase");
        });
        assertThat(CODEC.decodeCommand(unknown).table()).isEqualTo("bronze_trades_coinbase");
    }

    @Test
    void subjectAndIdMustAgreeWithData() {
        assertRefused(OFFLOAD, ce -> ce.put("subject", "silver_trades"),
                "subject 'silver_trades' does not match data.table 'bronze_trades_binance'");
        assertRefused(OFFLOAD, ce -> ce.put("id", "other"),
                "id 'other' does not match data.commandId 'cmd-1'; a command's CloudEvent id is its command id");
    }

    @Test
    void auditNeedsPartitionsOrARangeButNotBoth() {
        assertRefused(AUDIT, ce -> data(ce).remove("partitions"), "data: either partitions or range is required");
        assertRefused(AUDIT, ce -> data(ce).putObject("range").put("from", "2026-03-01T00:00:00Z").put("to", "2026-03-02T00:00:00Z"),
                "data: give either partitions or range, not both");
        assertRefused(AUDIT, ce -> {
            data(ce).remove("partitions");
            data(ce).putObject("range").put("from", "2026-03-02T00:00:00Z").put("to", "2026-03-01T00:00:00Z");
        }, "data.range: from (2026-03-02T00:00:00Z) must be before to (2026-03-01T00:00:00Z)");
        assertRefused(AUDIT, ce -> data(ce).put("coldSnapshotId", "latest"),
                "data.coldSnapshotId must be a whole number, got a string (\"latest\")");
        assertRefused(AUDIT, ce -> data(ce).putArray("partitions").add("2026-03-01").add("2026-03-01"),
                "data: partitions lists a partition twice");
    }

    @Test
    void windowsAndRangesOutsideTheSupportedTimeSpanAreRefusedNotOverflowed() {
        // year +100000 would be "in the future" and year -100000 "too wide": the bounds are checked first and say so
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("lower", "-100000-01-01T00:00:00Z"),
                "data.window.lower -100000-01-01T00:00:00Z is before the supported time span, 1970-01-01T00:00:00Z"
                        + " to 2262-01-01T00:00:00Z");
        assertRefused(OFFLOAD, ce -> ((ObjectNode) data(ce).get("window")).put("upper", "+100000-01-01T00:00:00Z"),
                "data.window.upper +100000-01-01T00:00:00Z is after the supported time span, 1970-01-01T00:00:00Z"
                        + " to 2262-01-01T00:00:00Z");
        assertRefused(AUDIT, ce -> {
            data(ce).remove("partitions");
            data(ce).putObject("range").put("from", "1969-12-31T23:59:59Z").put("to", "1970-01-02T00:00:00Z");
        }, "data.range.from 1969-12-31T23:59:59Z is before the supported time span, 1970-01-01T00:00:00Z"
                + " to 2262-01-01T00:00:00Z");
        MalformedMessageException absurd = refused(edit(AUDIT, ce -> {
            data(ce).remove("partitions");
            data(ce).putObject("range").put("from", "2026-03-01T00:00:00Z").put("to", "+100000-01-01T00:00:00Z");
        }));
        assertThat(absurd.getMessage()).startsWith("data.range.to +100000-01-01T00:00:00Z is after");
        // still answerable: the worker fails the command instead of crashing on it
        assertThat(absurd.toTaskFailed(TaskKind.AUDIT)).isPresent();
    }

    @Test
    void droppingWarmPartitionsMustNameThem() {
        assertRefused(DROP_WARM, ce -> data(ce).putArray("partitions"),
                "data: partitions must list at least one partition for DROP_WARM_PARTITIONS");
        assertRefused(DROP_WARM, ce -> data(ce).remove("partitions"),
                "data: partitions must list at least one partition for DROP_WARM_PARTITIONS");
    }

    @Test
    void optionsAcceptScalarsAsText() throws Exception {
        String json = edit(COMPACT, ce -> data(ce).putObject("options").put("retain-last", 5).put("dry-run", true));
        MaintenanceCommand c = (MaintenanceCommand) CODEC.decodeCommand(json);
        assertThat(c.options()).containsEntry("retain-last", "5").containsEntry("dry-run", "true");
        assertRefused(COMPACT, ce -> data(ce).putObject("options").put("bad key", "x"),
                "data: options key 'bad key' is not a key (letters, digits, '_', '.', '-')");
    }

    @Test
    void whatCanBeReadIsSalvagedSoTheWorkerCanAnswer() {
        MalformedMessageException e = refused(edit(OFFLOAD, ce -> data(ce).put("offloadKind", "URGENT")));
        assertThat(e.commandId()).contains("cmd-1");
        assertThat(e.runId()).contains("run-7");
        assertThat(e.table()).contains("bronze_trades_binance");
        assertThat(e.attempt()).hasValue(1);
        assertThat(e.type()).contains("io.k2.floe.command.offload.v1");
        assertThat(e.kind()).contains(TaskKind.OFFLOAD);

        TaskFailed failed = e.toTaskFailed(TaskKind.AUDIT).orElseThrow();
        assertThat(failed).isEqualTo(new TaskFailed("cmd-1", "run-7", "bronze_trades_binance", TaskKind.OFFLOAD, 1,
                ErrorTypes.MALFORMED_COMMAND, e.getMessage(), java.util.List.of()));
    }

    @Test
    void salvageSkipsWhatIsUnusableAndFallsBackToTheSubject() {
        MalformedMessageException e = refused(edit(AUDIT, ce -> {
            ce.put("type", "io.k2.floe.command.audit.v9");
            data(ce).remove("table");
            data(ce).put("attempt", "first");
            data(ce).remove("runId");
        }));
        assertThat(e.table()).contains("silver_trades");
        assertThat(e.attempt()).isEmpty();
        TaskFailed failed = e.toTaskFailed(TaskKind.AUDIT).orElseThrow();
        assertThat(failed.kind()).isEqualTo(TaskKind.AUDIT);
        assertThat(failed.attempt()).isZero();
        assertThat(failed.runId()).isNull();
        // The failed event itself is a valid message.
        assertThat(catchThrowableOfType(MalformedMessageException.class,
                () -> CODEC.decodeEvent(CODEC.encode("/floe/auditor", failed)))).isNull();

        MalformedMessageException badTable = refused(edit(OFFLOAD, ce -> {
            data(ce).put("table", "x; DROP TABLE y");
            ce.remove("subject");
        }));
        assertThat(badTable.table()).isEmpty();
        assertThat(badTable.commandId()).contains("cmd-1");
    }
}
