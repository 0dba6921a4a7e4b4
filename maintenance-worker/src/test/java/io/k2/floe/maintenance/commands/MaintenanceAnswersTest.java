package io.k2.floe.maintenance.commands;

import io.k2.floe.maintenance.expiry.SnapshotExpiry;
import io.k2.floe.maintenance.manifests.ManifestRewrite;
import io.k2.floe.maintenance.orphans.OrphanRemoval;
import io.k2.floe.tiering.catalog.TableCatalog;
import io.k2.floe.tiering.cold.ColdCatalogs;
import io.k2.floe.tiering.cold.IcebergCatalogConfig;
import io.k2.floe.tiering.cold.IcebergCatalogType;
import io.k2.floe.tiering.cold.ObjectStoreConfig;
import io.k2.floe.tiering.messages.ErrorTypes;
import io.k2.floe.tiering.messages.Event;
import io.k2.floe.tiering.messages.MaintenanceAction;
import io.k2.floe.tiering.messages.MaintenanceCommand;
import io.k2.floe.tiering.messages.TaskFailed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the steps answer before they touch a table: bad options are refused without loading it, an unreachable catalog
 * (nothing listens on its port) is COLD_UNAVAILABLE; and the listener counts every answer by outcome.
 */
class MaintenanceAnswersTest {

    private static final TableCatalog CATALOG = TableCatalog.load();
    private static final String TABLE = "bronze_trades_binance";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MaintenanceMetrics metrics = new MaintenanceMetrics(registry, CATALOG);
    private final AtomicInteger loads = new AtomicInteger();
    /** Counts every attempt to reach the cold tier, and fails it: these tests must not need one. */
    private final MaintainedTables untouchable = new MaintainedTables(() -> {
        loads.incrementAndGet();
        throw new AssertionError("the cold tier must not be touched");
    });

    private static MaintenanceCommand command(MaintenanceAction action, Map<String, String> options) {
        return new MaintenanceCommand("c-" + action, "r1", TABLE, 1, action, List.of(), options, Instant.now());
    }

    private List<MaintenanceStep> steps(MaintainedTables tables) {
        return List.of(new SnapshotExpiry(CATALOG, tables, metrics, Clock.systemUTC()),
                new OrphanRemoval(CATALOG, tables, metrics, Clock.systemUTC(), false),
                new ManifestRewrite(CATALOG, tables, metrics, Clock.systemUTC()));
    }

    @Test
    void badOptionsAreRefusedBeforeTheTableIsLoaded() {
        for (MaintenanceStep step : steps(untouchable)) {
            for (Map<String, String> bad : List.of(Map.of("dry-run", "maybe"), Map.of("dryrun", "true"),
                    Map.of("older-than", "0m"), Map.of("max-manifests", "0"), Map.of("retain-last", "-1"))) {
                Event answer = step.perform(command(step.action(), bad));
                assertThat(answer).as(step.action() + " " + bad).isInstanceOf(TaskFailed.class);
                TaskFailed failed = (TaskFailed) answer;
                assertThat(failed.errorType()).isEqualTo(ErrorTypes.INVALID_COMMAND);
                assertThat(failed.message()).contains("option '");
                assertThat(failed.uncommittedFiles()).isEmpty();
            }
        }
        assertThat(loads).hasValue(0);
    }

    @Test
    void anUnreachableCatalogIsColdUnavailable() {
        MaintainedTables unreachable = new MaintainedTables(() -> ColdCatalogs.open(deadCatalog(), objectStore()).catalog());
        for (MaintenanceStep step : steps(unreachable)) {
            Event answer = step.perform(command(step.action(), Map.of()));
            assertThat(answer).as(step.action().toString()).isInstanceOf(TaskFailed.class);
            TaskFailed failed = (TaskFailed) answer;
            assertThat(failed.errorType()).as(failed.message()).isEqualTo(ErrorTypes.COLD_UNAVAILABLE);
            assertThat(failed.message()).doesNotContain("not-a-password");
        }
    }

    /**
     * Iceberg's JDBC catalog names its URL in the error ("Failed to connect: jdbc:...") and a URL may carry the
     * password: the failed event (and so the coordinator's ledger and API) must not.
     */
    @Test
    void aCatalogUrlCarryingItsPasswordReachesTheFailedEventRedacted() {
        String secret = "url-pw-" + java.util.UUID.randomUUID();
        MaintainedTables unreachable = new MaintainedTables(() -> ColdCatalogs.open(
                deadCatalog("jdbc:postgresql://127.0.0.1:1/floe?connectTimeout=2&password=" + secret), objectStore())
                .catalog());
        for (MaintenanceStep step : steps(unreachable)) {
            TaskFailed failed = (TaskFailed) step.perform(command(step.action(), Map.of()));
            assertThat(failed.errorType()).as(failed.message()).isEqualTo(ErrorTypes.COLD_UNAVAILABLE);
            assertThat(failed.message()).doesNotContain(secret).contains("password=***");
            assertThat(new io.k2.floe.tiering.messages.MessageCodec().encode("/floe/test", failed)).doesNotContain(secret);
        }
    }

    @Test
    void theListenerCountsEveryAnswerByOutcome() {
        MaintenanceStep step = steps(untouchable).get(0);
        MaintenanceCommandListener.performCounted(step, command(step.action(), Map.of("dryrun", "x")), metrics);
        MaintenanceStep throwing = new MaintenanceStep() {
            public MaintenanceAction action() {
                return MaintenanceAction.REWRITE_MANIFESTS;
            }

            public Event perform(MaintenanceCommand command) {
                throw new CommitFailedException("lost");
            }
        };
        Event answer = MaintenanceCommandListener.performCounted(throwing,
                command(MaintenanceAction.REWRITE_MANIFESTS, Map.of()), metrics).answer();
        assertThat(((TaskFailed) answer).errorType()).isEqualTo(ErrorTypes.COMMIT_CONFLICT);

        assertThat(registry.get("floe.maintenance.tasks").tags("table", TABLE, "action", "expire_snapshots",
                "outcome", "invalid_command").counter().count()).isEqualTo(1);
        assertThat(registry.get("floe.maintenance.tasks").tags("table", TABLE, "action", "rewrite_manifests",
                "outcome", "commit_conflict").counter().count()).isEqualTo(1);
        assertThat(registry.get("floe.maintenance.duration").tags("table", TABLE, "action", "rewrite_manifests",
                "outcome", "commit_conflict").timer().count()).isEqualTo(1);
        // registered at zero for every table of the catalog
        assertThat(registry.get("floe.maintenance.snapshots.expired").tags("table", "gold_ohlcv_1d").counter().count())
                .isZero();
    }

    private static IcebergCatalogConfig deadCatalog() {
        return deadCatalog("jdbc:postgresql://127.0.0.1:1/floe?connectTimeout=2");
    }

    private static IcebergCatalogConfig deadCatalog(String uri) {
        return new IcebergCatalogConfig() {
            public IcebergCatalogType catalogType() { return IcebergCatalogType.JDBC; }
            public String catalogUri() { return uri; }
            public String catalogUser() { return "floe"; }
            public Optional<String> catalogPassword() { return Optional.of("not-a-password"); }
            public Optional<String> catalogToken() { return Optional.empty(); }
            public String catalogName() { return "maintenance_answers_test"; }
            public String warehouse() { return "s3://nowhere/warehouse"; }
        };
    }

    private static ObjectStoreConfig objectStore() {
        return new ObjectStoreConfig() {
            public Optional<String> endpoint() { return Optional.of("http://127.0.0.1:1"); }
            public String region() { return "us-east-1"; }
            public String bucket() { return "nowhere"; }
            public Optional<String> accessKey() { return Optional.of("k"); }
            public Optional<String> secretKey() { return Optional.of("not-a-password"); }
            public boolean pathStyle() { return true; }
        };
    }
}
