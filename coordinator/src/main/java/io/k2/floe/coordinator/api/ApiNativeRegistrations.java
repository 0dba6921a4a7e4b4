package io.k2.floe.coordinator.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The API's JSON shapes, registered for reflection so that Jackson can read and write them in a native executable.
 * Quarkus registers what a resource method declares it returns, but several answers are a {@code Response} whose
 * entity (an {@link ApiError}, a {@link RunView}) the build cannot see, and request bodies are bound by type.
 * Records: Jackson reaches their components through the accessors and the canonical constructor.
 */
@RegisterForReflection(targets = {
        ApiError.class,
        AlertView.class,
        RunView.class,
        RunDetail.class,
        TaskView.class,
        TableView.class,
        TableView.LastRun.class,
        AuditBody.class,
        BackfillBody.class,
        MaintenanceBody.class,
        RepairBody.class
})
final class ApiNativeRegistrations {

    private ApiNativeRegistrations() {
    }
}
