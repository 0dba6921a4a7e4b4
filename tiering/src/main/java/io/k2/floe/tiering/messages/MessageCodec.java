package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k2.floe.tiering.catalog.TimeBounds;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Encodes and decodes Floe's commands and events as CloudEvents 1.0 in structured mode: one JSON
 * object with the context attributes and the message in {@code data}. See docs/messages.md.
 *
 * <p>Decoding is strict: anything Floe could misread is refused with a {@link MalformedMessageException}
 * that names the field and value. Fields Floe does not know are ignored, so a newer sender can add
 * optional fields without breaking older readers.
 *
 * <p>Offload windows are also checked against the clock: a window wider than {@link #maxWindow()}
 * or whose upper bound lies more than {@link #maxClockSkew()} in the future is refused, since no
 * coordinator issues one (it splits long ranges, and an ingestion time cannot be in the future).
 *
 * <p>Thread-safe; plain Java (services inject the bean {@link MessageCodecProducer} makes).
 */
public class MessageCodec {

    /** CloudEvents spec version written and accepted. */
    public static final String SPEC_VERSION = "1.0";
    /** The {@code datacontenttype} written. */
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** Kafka {@code content-type} header value for structured-mode CloudEvents (CloudEvents Kafka binding). */
    public static final String KAFKA_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    /** Default widest offload window: 31 days. */
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofDays(31);
    /** Default tolerance for an offload window's upper bound ahead of this clock: 5 minutes. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final int MAX_QUOTED_INPUT = 80;

    private final ObjectMapper mapper;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Clock clock;
    private final Duration maxWindow;
    private final Duration maxClockSkew;

    /** A codec with the system clock and the default limits. */
    public MessageCodec() {
        this(Clock.systemUTC(), DEFAULT_MAX_WINDOW, DEFAULT_MAX_CLOCK_SKEW);
    }

    /**
     * A codec with explicit limits.
     *
     * @param clock        for event times and the future-window check
     * @param maxWindow    widest offload window accepted
     * @param maxClockSkew how far an offload window's upper bound may lie ahead of {@code clock}
     */
    public MessageCodec(Clock clock, Duration maxWindow, Duration maxClockSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxWindow = Objects.requireNonNull(maxWindow, "maxWindow");
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxWindow.isNegative() || maxWindow.isZero() || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxWindow must be positive and maxClockSkew not negative");
        }
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The widest offload window this codec accepts. */
    public Duration maxWindow() {
        return maxWindow;
    }

    /** How far in the future an offload window's upper bound may lie. */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    // ---------------------------------------------------------------- encoding

    /**
     * A command as a CloudEvent: {@code id} is the command id, {@code time} its {@code issuedAt},
     * {@code subject} its table.
     *
     * @param source who sends it, a URI reference such as {@code /floe/coordinator}
     */
    public String encode(String source, Command command) {
        Objects.requireNonNull(command, "command");
        ObjectNode data = nodes.objectNode();
        putTask(data, command.commandId(), command.runId(), command.table(), command.attempt());
        switch (command) {
            case OffloadCommand c -> {
                data.set("window", window(c.window()));
                data.put("offloadKind", c.offloadKind().name());
                c.partition().ifPresent(p -> data.put("partition", p));
            }
            case MaintenanceCommand c -> {
                data.put("action", c.action().name());
                data.set("partitions", strings(c.partitions()));
                data.set("options", stringMap(c.options()));
            }
            case AuditCommand c -> {
                if (!c.partitions().isEmpty()) {
                    data.set("partitions", strings(c.partitions()));
                }
                c.range().ifPresent(r -> data.set("range", nodes.objectNode()
                        .put("from", r.from().toString()).put("to", r.to().toString())));
                c.coldSnapshotId().ifPresent(id -> data.put("coldSnapshotId", id));
            }
        }
        data.put("issuedAt", command.issuedAt().toString());
        return envelope(source, command.commandId(), MessageType.of(command), Optional.of(command.table()),
                command.issuedAt(), data);
    }

    /** An event as a CloudEvent with a fresh UUID {@code id} and the current time. */
    public String encode(String source, Event event) {
        return encode(source, event, UUID.randomUUID().toString(), clock.instant());
    }

    /** An event as a CloudEvent with the given {@code id} and {@code time}. */
    public String encode(String source, Event event, String id, Instant time) {
        Objects.requireNonNull(event, "event");
        Check.id("id", id);
        Objects.requireNonNull(time, "time");
        ObjectNode data = nodes.objectNode();
        switch (event) {
            case OffloadCompleted e -> {
                putTask(data, e.commandId(), e.runId(), e.table(), e.attempt());
                data.put("rows", e.rows());
                data.put("bytes", e.bytes());
                data.put("dataFiles", e.dataFiles());
                data.put("durationMs", e.durationMs());
                e.snapshotId().ifPresent(s -> data.put("snapshotId", s));
                data.set("marker", marker(e.marker()));
                data.put("repeat", e.repeat());
                data.set("partitions", strings(e.partitions()));
            }
            case MaintenanceCompleted e -> {
                putTask(data, e.commandId(), e.runId(), e.table(), e.attempt());
                data.put("action", e.action().name());
                data.put("durationMs", e.durationMs());
                data.set("partitions", strings(e.partitions()));
                ObjectNode results = data.putObject("results");
                e.results().forEach(results::put);
                e.snapshotId().ifPresent(s -> data.put("snapshotId", s));
                data.put("dryRun", e.dryRun());
                data.set("refused", stringMap(e.refused()));
            }
            case AuditCompleted e -> {
                putTask(data, e.commandId(), e.runId(), e.table(), e.attempt());
                e.coldSnapshotId().ifPresent(s -> data.put("coldSnapshotId", s));
                e.upTo().ifPresent(u -> data.put("upTo", u.toString()));
                data.put("durationMs", e.durationMs());
                ArrayNode verdicts = data.putArray("verdicts");
                e.verdicts().forEach(v -> verdicts.add(verdict(v)));
            }
            case TaskFailed e -> {
                data.put("commandId", e.commandId());
                if (e.runId() != null) {
                    data.put("runId", e.runId());
                }
                if (e.table() != null) {
                    data.put("table", e.table());
                }
                data.put("attempt", e.attempt());
                data.put("errorType", e.errorType());
                data.put("message", e.message());
                data.set("uncommittedFiles", strings(e.uncommittedFiles()));
            }
            case RunCompleted e -> {
                data.put("runId", e.runId());
                data.put("startedAt", e.startedAt().toString());
                data.put("finishedAt", e.finishedAt().toString());
                data.put("outcome", e.outcome().name());
                ArrayNode tables = data.putArray("tables");
                e.tables().forEach(t -> tables.add(tableSummary(t)));
            }
            case AlertRaised e -> alert(data, e.alertId(), e.name(), e.severity(), e.table(), e.message(), e.labels());
            case AlertResolved e -> alert(data, e.alertId(), e.name(), e.severity(), e.table(), e.message(), e.labels());
            case WarmPartitionDropped e -> {
                data.put("table", e.table());
                data.put("partition", e.partition());
                data.put("warmPartitionId", e.warmPartitionId());
                data.put("rows", e.rows());
                data.put("checksum", e.checksum());
                data.put("coldSnapshotId", e.coldSnapshotId());
                data.put("auditedAt", e.auditedAt().toString());
                data.put("droppedAt", e.droppedAt().toString());
                data.put("commandId", e.commandId());
                data.put("runId", e.runId());
            }
        }
        return envelope(source, id, MessageType.of(event), event.subject(), time, data);
    }

    private String envelope(String source, String id, MessageType type, Optional<String> subject, Instant time,
                            ObjectNode data) {
        checkSource(source);
        ObjectNode ce = nodes.objectNode();
        ce.put("specversion", SPEC_VERSION);
        ce.put("id", id);
        ce.put("source", source);
        ce.put("type", type.type());
        subject.ifPresent(s -> ce.put("subject", s));
        ce.put("time", time.toString());
        ce.put("datacontenttype", DATA_CONTENT_TYPE);
        ce.set("data", data);
        try {
            return mapper.writeValueAsString(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // trees of plain values always serialise
        }
    }

    private static void checkSource(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must be a non-empty URI reference such as /floe/offload-worker");
        }
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source '" + source + "' is not a URI reference: " + e.getReason());
        }
    }

    private void putTask(ObjectNode data, String commandId, String runId, String table, int attempt) {
        data.put("commandId", commandId);
        data.put("runId", runId);
        data.put("table", table);
        data.put("attempt", attempt);
    }

    private ObjectNode window(Window w) {
        return nodes.objectNode().put("lower", w.lower().toString()).put("upper", w.upper().toString());
    }

    private ObjectNode marker(OffloadMarker m) {
        return nodes.objectNode()
                .put("windowLower", m.windowLower().toString())
                .put("windowUpper", m.windowUpper().toString())
                .put("commandId", m.commandId())
                .put("runId", m.runId());
    }

    private ObjectNode verdict(PartitionVerdict v) {
        ObjectNode n = nodes.objectNode();
        n.put("partition", v.partition());
        n.put("equal", v.equal());
        n.put("warmRows", v.warmRows());
        n.put("coldRows", v.coldRows());
        v.warmMinTime().ifPresent(t -> n.put("warmMinTime", t.toString()));
        v.warmMaxTime().ifPresent(t -> n.put("warmMaxTime", t.toString()));
        v.coldMinTime().ifPresent(t -> n.put("coldMinTime", t.toString()));
        v.coldMaxTime().ifPresent(t -> n.put("coldMaxTime", t.toString()));
        v.warmChecksum().ifPresent(c -> n.put("warmChecksum", c));
        v.coldChecksum().ifPresent(c -> n.put("coldChecksum", c));
        return n;
    }

    private ObjectNode tableSummary(TableRunSummary t) {
        ObjectNode n = nodes.objectNode();
        n.put("table", t.table());
        n.put("outcome", t.outcome().name());
        n.put("rows", t.rows());
        n.put("durationMs", t.durationMs());
        t.marker().ifPresent(m -> n.put("marker", m.toString()));
        t.errorType().ifPresent(e -> n.put("errorType", e));
        return n;
    }

    private void alert(ObjectNode data, String alertId, String name, Severity severity, Optional<String> table,
                       String message, Map<String, String> labels) {
        data.put("alertId", alertId);
        data.put("name", name);
        data.put("severity", severity.name());
        table.ifPresent(t -> data.put("table", t));
        data.put("message", message);
        data.set("labels", stringMap(labels));
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode a = nodes.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private ObjectNode stringMap(Map<String, String> values) {
        ObjectNode o = nodes.objectNode();
        values.forEach(o::put);
        return o;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * The command in a CloudEvent.
     *
     * @throws MalformedMessageException naming what is wrong, with what could be salvaged
     */
    public Command decodeCommand(String json) throws MalformedMessageException {
        return decodeCommandEnvelope(json).data();
    }

    /** The event in a CloudEvent. */
    public Event decodeEvent(String json) throws MalformedMessageException {
        return decodeEventEnvelope(json).data();
    }

    /** The command in a CloudEvent, with the context attributes. */
    public CloudEvent<Command> decodeCommandEnvelope(String json) throws MalformedMessageException {
        return decode(json, true, Command.class);
    }

    /** The event in a CloudEvent, with the context attributes. */
    public CloudEvent<Event> decodeEventEnvelope(String json) throws MalformedMessageException {
        return decode(json, false, Event.class);
    }

    private <T> CloudEvent<T> decode(String json, boolean command, Class<T> expected) throws MalformedMessageException {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty message: expected a CloudEvents JSON object",
                    MalformedMessageException.Salvage.NONE);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage() + " (input starts with "
                    + quote(json) + ")", MalformedMessageException.Salvage.NONE);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("not a JSON object: got " + JsonFields.describe(root)
                    + "; a CloudEvent in structured mode is one JSON object", MalformedMessageException.Salvage.NONE);
        }
        MalformedMessageException.Salvage salvage = salvage(root);
        try {
            return read(root, command, expected);
        } catch (JsonFields.Problem p) {
            throw new MalformedMessageException(p.getMessage(), salvage);
        }
    }

    private <T> CloudEvent<T> read(JsonNode root, boolean command, Class<T> expected) {
        JsonFields ce = new JsonFields(root, "");
        if (root.get("specversion") == null || root.get("specversion").isNull()) {
            throw new JsonFields.Problem("specversion is missing; expected \"" + SPEC_VERSION + "\"");
        }
        String specVersion = ce.text("specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new JsonFields.Problem("specversion must be \"" + SPEC_VERSION + "\", got \"" + specVersion + "\"");
        }
        String id = ce.text("id");
        String source = ce.text("source");
        String typeName = ce.text("type");
        MessageType type = MessageType.fromType(typeName).orElseThrow(() -> new JsonFields.Problem(
                "unknown type '" + typeName + "'; known " + (command ? "command" : "event") + " types: "
                        + MessageType.names(command)));
        if (type.isCommand() != command) {
            throw new JsonFields.Problem("type '" + typeName + "' is " + (command ? "an event, not a command" : "a command, not an event")
                    + "; known " + (command ? "command" : "event") + " types: " + MessageType.names(command));
        }
        Optional<String> subject = ce.optionalText("subject");
        Optional<Instant> time = ce.optionalInstant("time");
        Optional<String> contentType = ce.optionalText("datacontenttype");
        if (contentType.isPresent() && !isJson(contentType.get())) {
            throw new JsonFields.Problem("datacontenttype '" + contentType.get() + "' is not supported; data must be "
                    + DATA_CONTENT_TYPE);
        }
        if (root.has("data_base64")) {
            throw new JsonFields.Problem("data_base64 is not supported; data must be a JSON object");
        }
        JsonFields data = ce.object("data");

        Object payload = command ? readCommand(type, data) : readEvent(type, data);
        Optional<String> table = command ? Optional.of(((Command) payload).table()) : ((Event) payload).subject();
        if (subject.isPresent() && table.isPresent() && !subject.get().equals(table.get())) {
            throw new JsonFields.Problem("subject '" + subject.get() + "' does not match data.table '" + table.get() + "'");
        }
        if (command && !id.equals(((Command) payload).commandId())) {
            throw new JsonFields.Problem("id '" + id + "' does not match data.commandId '"
                    + ((Command) payload).commandId() + "'; a command's CloudEvent id is its command id");
        }
        if (payload instanceof OffloadCommand offload) {
            checkWithinBounds("data.window.lower", offload.window().lower());
            checkWithinBounds("data.window.upper", offload.window().upper());
            checkWindowIsSane(offload.window());
        }
        if (payload instanceof AuditCommand audit && audit.range().isPresent()) {
            checkWithinBounds("data.range.from", audit.range().get().from());
            checkWithinBounds("data.range.to", audit.range().get().to());
        }
        return new CloudEvent<>(id, source, type, subject, time, expected.cast(payload));
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals(DATA_CONTENT_TYPE);
    }

    /**
     * An instant outside {@link TimeBounds} is refused as malformed: the workers turn such values into microseconds
     * and ClickHouse DateTime64 literals, where they would overflow or fail far from the cause.
     */
    private static void checkWithinBounds(String field, Instant time) {
        TimeBounds.problem(time).ifPresent(problem -> {
            throw new JsonFields.Problem(field + " " + problem);
        });
    }

    private void checkWindowIsSane(Window w) {
        if (w.width().compareTo(maxWindow) > 0) {
            throw new JsonFields.Problem("data.window " + w + " is wider than the maximum of " + maxWindow.toDays()
                    + " days (" + maxWindow + "); split it into smaller windows");
        }
        Instant latest = clock.instant().plus(maxClockSkew);
        if (w.upper().isAfter(latest)) {
            throw new JsonFields.Problem("data.window.upper " + w.upper() + " is in the future (now "
                    + clock.instant() + ", tolerance " + maxClockSkew + "); rows cannot have been ingested then");
        }
    }

    private Command readCommand(MessageType type, JsonFields d) {
        String commandId = d.text("commandId");
        String runId = d.text("runId");
        String table = d.text("table");
        int attempt = d.integer("attempt");
        return switch (type) {
            case OFFLOAD_COMMAND -> {
                JsonFields w = d.object("window");
                Window window = w.build(() -> new Window(w.instant("lower"), w.instant("upper")));
                OffloadKind kind = d.enumValue("offloadKind", OffloadKind.values());
                Optional<String> partition = d.optionalText("partition");
                Instant issuedAt = d.instant("issuedAt");
                yield d.build(() -> new OffloadCommand(commandId, runId, table, attempt, window, kind, partition, issuedAt));
            }
            case MAINTENANCE_COMMAND -> {
                MaintenanceAction action = d.enumValue("action", MaintenanceAction.values());
                List<String> partitions = d.texts("partitions");
                Map<String, String> options = d.textMap("options");
                Instant issuedAt = d.instant("issuedAt");
                yield d.build(() -> new MaintenanceCommand(commandId, runId, table, attempt, action, partitions, options,
                        issuedAt));
            }
            case AUDIT_COMMAND -> {
                List<String> partitions = d.texts("partitions");
                Optional<TimeRange> range = d.optionalObject("range")
                        .map(r -> r.build(() -> new TimeRange(r.instant("from"), r.instant("to"))));
                Optional<Long> snapshot = d.optionalLong("coldSnapshotId");
                Instant issuedAt = d.instant("issuedAt");
                yield d.build(() -> new AuditCommand(commandId, runId, table, attempt, partitions, range, snapshot, issuedAt));
            }
            default -> throw new IllegalStateException("not a command type: " + type);
        };
    }

    private Event readEvent(MessageType type, JsonFields d) {
        return switch (type) {
            case OFFLOAD_COMPLETED -> {
                String commandId = d.text("commandId");
                String runId = d.text("runId");
                String table = d.text("table");
                int attempt = d.integer("attempt");
                long rows = d.longValue("rows");
                long bytes = d.longValue("bytes");
                int dataFiles = d.integer("dataFiles");
                long durationMs = d.longValue("durationMs");
                Optional<Long> snapshotId = d.optionalLong("snapshotId");
                JsonFields m = d.object("marker");
                OffloadMarker marker = m.build(() -> new OffloadMarker(m.instant("windowLower"), m.instant("windowUpper"),
                        m.text("commandId"), m.text("runId")));
                boolean repeat = d.bool("repeat");
                List<String> partitions = d.texts("partitions");
                yield d.build(() -> new OffloadCompleted(commandId, runId, table, attempt, rows, bytes, dataFiles,
                        durationMs, snapshotId, marker, repeat, partitions));
            }
            case MAINTENANCE_COMPLETED -> {
                String commandId = d.text("commandId");
                String runId = d.text("runId");
                String table = d.text("table");
                int attempt = d.integer("attempt");
                MaintenanceAction action = d.enumValue("action", MaintenanceAction.values());
                long durationMs = d.longValue("durationMs");
                List<String> partitions = d.texts("partitions");
                Map<String, Long> results = d.longMap("results");
                Optional<Long> snapshotId = d.optionalLong("snapshotId");
                boolean dryRun = d.optionalBool("dryRun").orElse(false);
                Map<String, String> refused = d.stringMap("refused");
                yield d.build(() -> new MaintenanceCompleted(commandId, runId, table, attempt, action, durationMs,
                        partitions, results, snapshotId, dryRun, refused));
            }
            case AUDIT_COMPLETED -> {
                String commandId = d.text("commandId");
                String runId = d.text("runId");
                String table = d.text("table");
                int attempt = d.integer("attempt");
                Optional<Long> snapshotId = d.optionalLong("coldSnapshotId");
                Optional<Instant> upTo = d.optionalInstant("upTo");
                long durationMs = d.longValue("durationMs");
                List<PartitionVerdict> verdicts = d.objects("verdicts", true, v -> v.build(() -> new PartitionVerdict(
                        v.text("partition"), v.bool("equal"), v.longValue("warmRows"), v.longValue("coldRows"),
                        v.optionalInstant("warmMinTime"), v.optionalInstant("warmMaxTime"),
                        v.optionalInstant("coldMinTime"), v.optionalInstant("coldMaxTime"),
                        v.optionalText("warmChecksum"), v.optionalText("coldChecksum"))));
                yield d.build(() -> new AuditCompleted(commandId, runId, table, attempt, snapshotId, upTo, durationMs,
                        verdicts));
            }
            case OFFLOAD_FAILED, MAINTENANCE_FAILED, AUDIT_FAILED -> {
                String commandId = d.text("commandId");
                String runId = d.optionalText("runId").orElse(null);
                String table = d.optionalText("table").orElse(null);
                int attempt = d.integer("attempt");
                String errorType = d.text("errorType");
                String message = d.text("message");
                List<String> files = d.texts("uncommittedFiles");
                yield d.build(() -> new TaskFailed(commandId, runId, table, type.taskKind().orElseThrow(), attempt,
                        errorType, message, files));
            }
            case RUN_COMPLETED -> {
                String runId = d.text("runId");
                Instant startedAt = d.instant("startedAt");
                Instant finishedAt = d.instant("finishedAt");
                List<TableRunSummary> tables = d.objects("tables", true, t -> t.build(() -> new TableRunSummary(
                        t.text("table"), t.enumValue("outcome", TableOutcome.values()), t.longValue("rows"),
                        t.longValue("durationMs"), t.optionalInstant("marker"), t.optionalText("errorType"))));
                yield d.build(() -> new RunCompleted(runId, startedAt, finishedAt, tables));
            }
            case ALERT_RAISED -> d.build(() -> new AlertRaised(d.text("alertId"), d.text("name"),
                    d.enumValue("severity", Severity.values()), d.optionalText("table"), d.text("message"),
                    d.stringMap("labels")));
            case ALERT_RESOLVED -> d.build(() -> new AlertResolved(d.text("alertId"), d.text("name"),
                    d.enumValue("severity", Severity.values()), d.optionalText("table"), d.text("message"),
                    d.stringMap("labels")));
            case RETENTION_DROPPED -> d.build(() -> new WarmPartitionDropped(d.text("table"), d.text("partition"),
                    d.text("warmPartitionId"), d.longValue("rows"), d.text("checksum"), d.longValue("coldSnapshotId"),
                    d.instant("auditedAt"), d.instant("droppedAt"), d.text("commandId"), d.text("runId")));
            default -> throw new IllegalStateException("not an event type: " + type);
        };
    }

    /** Reads what it can, ignoring anything ill-formed, so a worker can still answer. */
    private static MalformedMessageException.Salvage salvage(JsonNode root) {
        JsonNode data = root.path("data");
        String type = text(root.get("type"));
        String commandId = text(data.get("commandId"));
        if (commandId != null && (commandId.length() > Check.MAX_ID_LENGTH
                || commandId.chars().anyMatch(Character::isISOControl))) {
            commandId = null;
        }
        String runId = text(data.get("runId"));
        if (runId != null && (runId.length() > Check.MAX_ID_LENGTH || runId.chars().anyMatch(Character::isISOControl))) {
            runId = null;
        }
        String table = text(data.get("table"));
        if (table == null) {
            table = text(root.get("subject"));
        }
        if (table != null && !Check.TABLE.matcher(table).matches()) {
            table = null;
        }
        JsonNode a = data.get("attempt");
        Integer attempt = a != null && a.isIntegralNumber() && a.canConvertToInt() && a.intValue() >= 1 ? a.intValue() : null;
        return new MalformedMessageException.Salvage(type, commandId, runId, table, attempt);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isBlank() ? n.textValue() : null;
    }

    private static String quote(String input) {
        String s = input.strip();
        s = s.length() > MAX_QUOTED_INPUT ? s.substring(0, MAX_QUOTED_INPUT) + "..." : s;
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
