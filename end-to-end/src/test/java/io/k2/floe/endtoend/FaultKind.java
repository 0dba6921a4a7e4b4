package io.k2.floe.endtoend;

/** What the chaos driver ({@link ChaosIT}) does to the running platform, one fault at a time. */
enum FaultKind {
    KILL_COORDINATOR("SIGKILL coordinator"),
    KILL_OFFLOAD_WORKER("SIGKILL an offload-worker replica"),
    KILL_AUDITOR("SIGKILL auditor"),
    KILL_MAINTENANCE_WORKER("SIGKILL maintenance-worker"),
    PAUSE_SERVICE("SIGSTOP a service past its session timeout"),
    RESTART_KAFKA("restart the broker"),
    RESTART_CLICKHOUSE("restart ClickHouse"),
    RESTART_POSTGRES("restart PostgreSQL"),
    RESTART_S3("restart the S3 server");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** The local stack component a RESTART_* fault stops and starts (deploy/local/down|up COMPONENT). */
    String component() {
        return switch (this) {
            case RESTART_KAFKA -> "kafka";
            case RESTART_CLICKHOUSE -> "clickhouse";
            case RESTART_POSTGRES -> "postgres";
            case RESTART_S3 -> "s3";
            default -> throw new IllegalStateException(this + " restarts no stack component");
        };
    }
}
