package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.k2.floe.tiering.messages.Samples.CODEC;
import static io.k2.floe.tiering.messages.Samples.NOW;
import static io.k2.floe.tiering.messages.Samples.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Command> commands() {
        return Samples.commands();
    }

    static List<Event> events() {
        return Samples.events();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandSurvivesTheWire(Command command) throws Exception {
        String json = CODEC.encode(SOURCE, command);
        assertThat(CODEC.decodeCommand(json)).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesTheWire(Event event) throws Exception {
        String json = CODEC.encode(SOURCE, event);
        assertThat(CODEC.decodeEvent(json)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandsAreCloudEventsKeyedByCommandIdAndTable(Command command) throws Exception {
        JsonNode ce = JSON.readTree(CODEC.encode("/floe/coordinator", command));
        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("id").asText()).isEqualTo(command.commandId());
        assertThat(ce.get("source").asText()).isEqualTo("/floe/coordinator");
        assertThat(ce.get("type").asText()).isEqualTo(MessageType.of(command).type())
                .startsWith("io.k2.floe.command.").endsWith(".v1");
        assertThat(ce.get("subject").asText()).isEqualTo(command.table());
        assertThat(Instant.parse(ce.get("time").asText())).isEqualTo(command.issuedAt());
        assertThat(ce.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(ce.get("data").get("commandId").asText()).isEqualTo(command.commandId());
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventsGetAFreshUuidAndTheCurrentTime(Event event) throws Exception {
        JsonNode ce = JSON.readTree(CODEC.encode(SOURCE, event));
        assertThat(UUID.fromString(ce.get("id").asText())).isNotNull();
        assertThat(Instant.parse(ce.get("time").asText())).isEqualTo(NOW);
        assertThat(ce.get("type").asText()).isEqualTo(MessageType.of(event).type()).startsWith("io.k2.floe.event.");
        assertThat(ce.has("subject")).isEqualTo(event.subject().isPresent());
        event.subject().ifPresent(s -> assertThat(ce.get("subject").asText()).isEqualTo(s));
    }

    @Test
    void theEnvelopeIsAvailableToo() throws Exception {
        String json = CODEC.encode("/floe/offload-worker", Samples.offloadCompleted(), "evt-1", NOW.minusSeconds(1));
        CloudEvent<Event> ce = CODEC.decodeEventEnvelope(json);
        assertThat(ce.id()).isEqualTo("evt-1");
        assertThat(ce.source()).isEqualTo("/floe/offload-worker");
        assertThat(ce.type()).isEqualTo(MessageType.OFFLOAD_COMPLETED);
        assertThat(ce.subject()).contains("bronze_trades_binance");
        assertThat(ce.time()).contains(NOW.minusSeconds(1));
        assertThat(ce.data()).isEqualTo(Samples.offloadCompleted());

        CloudEvent<Command> cmd = CODEC.decodeCommandEnvelope(CODEC.encode("/floe/coordinator", Samples.offload()));
        assertThat(cmd.type().taskKind()).contains(TaskKind.OFFLOAD);
        assertThat(cmd.id()).isEqualTo("cmd-1");
    }

    @Test
    void theTypesAreTheDocumentedOnes() {
        assertThat(MessageType.of(Samples.offload()).type()).isEqualTo("io.k2.floe.command.offload.v1");
        assertThat(MessageType.of(Samples.compact()).type()).isEqualTo("io.k2.floe.command.maintenance.v1");
        assertThat(MessageType.of(Samples.auditRange()).type()).isEqualTo("io.k2.floe.command.audit.v1");
        assertThat(MessageType.of(Samples.offloadCompleted()).type()).isEqualTo("io.k2.floe.event.offload.completed.v1");
        assertThat(MessageType.of(Samples.maintenanceCompleted()).type()).isEqualTo("io.k2.floe.event.maintenance.completed.v1");
        assertThat(MessageType.of(Samples.auditCompleted()).type()).isEqualTo("io.k2.floe.event.audit.completed.v1");
        assertThat(MessageType.of(Samples.taskFailed()).type()).isEqualTo("io.k2.floe.event.offload.failed.v1");
        assertThat(MessageType.of(Samples.malformedFailure()).type()).isEqualTo("io.k2.floe.event.audit.failed.v1");
        assertThat(MessageType.of(Samples.runCompleted()).type()).isEqualTo("io.k2.floe.event.run.completed.v1");
        assertThat(MessageType.of(Samples.alertRaised()).type()).isEqualTo("io.k2.floe.event.alert.raised.v1");
        assertThat(MessageType.of(Samples.alertResolved()).type()).isEqualTo("io.k2.floe.event.alert.resolved.v1");
        assertThat(MessageType.of(Samples.warmPartitionDropped()).type())
                .isEqualTo("io.k2.floe.event.retention.dropped.v1");
    }

    @Test
    void largeSnapshotIdsAndMicrosecondTimesKeepEveryDigit() throws Exception {
        AuditCompleted decoded = (AuditCompleted) CODEC.decodeEvent(CODEC.encode(SOURCE, Samples.auditCompleted()));
        assertThat(decoded.coldSnapshotId()).contains(8_734_216_655_123_987_001L);
        assertThat(decoded.verdicts().get(0).warmMaxTime()).contains(Instant.parse("2026-03-01T23:59:59.999999Z"));
        assertThat(decoded.allEqual()).isFalse();
        assertThat(decoded.mismatches()).extracting(PartitionVerdict::partition).containsExactly("2026-03-02");
    }

    @Test
    void runCompletedCarriesItsOutcomeForNonJavaReaders() throws Exception {
        JsonNode data = JSON.readTree(CODEC.encode(SOURCE, Samples.runCompleted())).get("data");
        assertThat(data.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(Samples.runCompleted().duration().toSeconds()).isEqualTo(30);
    }

    @Test
    void aForeignSenderMayOmitOptionalAttributesAndAddUnknownFields() throws Exception {
        String json = """
                {"specversion":"1.0","id":"cmd-9","source":"urn:ops:manual","type":"io.k2.floe.command.offload.v1",
                 "futureattribute":"x",
                 "data":{"commandId":"cmd-9","runId":"manual-1","table":"silver_trades","attempt":1,
                         "window":{"lower":"2026-03-02T09:00:00Z","upper":"2026-03-02T09:15:00+00:00","width":"15m"},
                         "offloadKind":"BACKFILL","issuedAt":"2026-03-02T10:00:00Z","priority":"high","partition":null}}
                """;
        CloudEvent<Command> ce = CODEC.decodeCommandEnvelope(json);
        assertThat(ce.subject()).isEmpty();
        assertThat(ce.time()).isEmpty();
        OffloadCommand c = (OffloadCommand) ce.data();
        assertThat(c.offloadKind()).isEqualTo(OffloadKind.BACKFILL);
        assertThat(c.window().upper()).isEqualTo(Instant.parse("2026-03-02T09:15:00Z"));
        assertThat(c.partition()).isEmpty();
    }

    @Test
    void anOffloadCompletedOfASenderBeforePartitionsNamesNoPartition() throws Exception {
        String withPartitions = CODEC.encode(SOURCE, Samples.offloadCompleted());
        assertThat(JSON.readTree(withPartitions).get("data").get("partitions").toString())
                .isEqualTo("[\"2026-03-01\",\"2026-03-02\"]");
        String older = Json.edit(withPartitions, ce -> Json.data(ce).remove("partitions"));
        OffloadCompleted decoded = (OffloadCompleted) CODEC.decodeEvent(older);
        assertThat(decoded.partitions()).isEmpty();
        assertThat(decoded.rows()).isEqualTo(Samples.offloadCompleted().rows());
        assertThat(Samples.offloadRepeat().partitions()).as("the constructor without partitions").isEmpty();
    }

    @Test
    void datacontenttypeWithParametersIsJson() throws Exception {
        String json = CODEC.encode(SOURCE, Samples.offload())
                .replace("\"application/json\"", "\"Application/JSON; charset=utf-8\"");
        assertThat(CODEC.decodeCommand(json)).isEqualTo(Samples.offload());
    }

    @Test
    void retriesKeepTheCommandId() {
        OffloadCommand retry = Samples.offload().retry(2, NOW);
        assertThat(retry.commandId()).isEqualTo("cmd-1");
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(Samples.compact().retry(3, NOW).attempt()).isEqualTo(3);
        assertThat(Samples.auditRange().retry(2, NOW).range()).isEqualTo(Samples.auditRange().range());
    }

    @Test
    void encodingRefusesABadSource() {
        assertThatThrownBy(() -> CODEC.encode(" ", Samples.offload()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> CODEC.encode("not a uri", Samples.alertRaised()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a uri' is not a URI reference");
    }

    @Test
    void topicsPerKind() {
        assertThat(FloeTopics.commandTopic(TaskKind.OFFLOAD)).isEqualTo("floe.commands.offload");
        assertThat(FloeTopics.commandTopic(TaskKind.MAINTENANCE)).isEqualTo("floe.commands.maintenance");
        assertThat(FloeTopics.commandTopic(TaskKind.AUDIT)).isEqualTo("floe.commands.audit");
        assertThat(FloeTopics.EVENTS).isEqualTo("floe.events");
        assertThat(FloeTopics.DEAD_LETTER).isEqualTo("floe.dead-letter");
    }
}
