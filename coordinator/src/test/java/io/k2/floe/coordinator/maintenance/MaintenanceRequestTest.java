package io.k2.floe.coordinator.maintenance;

import io.k2.floe.coordinator.runs.RequestRefused;
import io.k2.floe.coordinator.warm.WarmPartitionIds;
import io.k2.floe.tiering.messages.MaintenanceAction;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceRequestTest {

    @Test
    void withoutFieldsEveryActionRunsForReal() {
        MaintenanceRequest request = MaintenanceRequest.of(Optional.of(Tables.SILVER), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(request.actions()).isEqualTo(EnumSet.allOf(MaintenanceAction.class));
        assertThat(request.partitions()).isEmpty();
        assertThat(request.dryRun()).isFalse();
        assertThat(request.trigger()).isEqualTo(MaintenanceRequest.Trigger.MANUAL);
    }

    @Test
    void actionsPartitionsAndDryRunAreTakenAsGiven() {
        MaintenanceRequest request = MaintenanceRequest.of(Optional.of(Tables.SILVER),
                Optional.of(List.of("expire_snapshots", "COMPACT")), Optional.of(List.of("2026-03-01")),
                Optional.of(true));
        assertThat(request.actions()).containsExactlyInAnyOrder(MaintenanceAction.COMPACT,
                MaintenanceAction.EXPIRE_SNAPSHOTS);
        assertThat(request.partitions()).containsExactly("2026-03-01");
        assertThat(request.dryRun()).isTrue();
    }

    @Test
    void aWrongRequestIsABadRequestNamingTheField() {
        assertBadRequest("'actions' holds 'SHRINK'", () -> MaintenanceRequest.of(Optional.of(Tables.SILVER),
                Optional.of(List.of("SHRINK")), Optional.empty(), Optional.empty()));
        assertBadRequest("lists COMPACT twice", () -> MaintenanceRequest.of(Optional.of(Tables.SILVER),
                Optional.of(List.of("COMPACT", "compact")), Optional.empty(), Optional.empty()));
        assertBadRequest("'actions' is empty", () -> MaintenanceRequest.of(Optional.of(Tables.SILVER),
                Optional.of(List.of()), Optional.empty(), Optional.empty()));
        assertBadRequest("'2026-03' is not a day partition", () -> MaintenanceRequest.of(Optional.of(Tables.SILVER),
                Optional.empty(), Optional.of(List.of("2026-03")), Optional.empty()));
        assertBadRequest("lists partition 2026-03 twice", () -> MaintenanceRequest.of(Optional.of(Tables.GOLD),
                Optional.empty(), Optional.of(List.of("2026-03", "2026-03")), Optional.empty()));
        assertBadRequest("only taken for one table", () -> MaintenanceRequest.of(Optional.empty(),
                Optional.empty(), Optional.of(List.of("2026-03-01")), Optional.empty()));
    }

    @Test
    void warmPartitionIdsMapToColdLabels() {
        assertThat(WarmPartitionIds.label(Tables.SILVER.partition(), "20260301")).contains("2026-03-01");
        assertThat(WarmPartitionIds.label(Tables.GOLD.partition(), "202603")).contains("2026-03");
        assertThat(WarmPartitionIds.label(Tables.SILVER.partition(), "202603")).isEmpty();
        assertThat(WarmPartitionIds.label(Tables.SILVER.partition(), "20260230")).as("no such day").isEmpty();
        assertThat(WarmPartitionIds.label(Tables.GOLD.partition(), "tuple()")).isEmpty();
    }

    private static void assertBadRequest(String message, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RequestRefused.class, refused -> {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.getMessage()).contains(message);
        });
    }
}
