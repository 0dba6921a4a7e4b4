package io.k2.floe.audit.verdicts;

import io.k2.floe.tiering.messages.AuditCompleted;
import io.k2.floe.tiering.verdicts.RecordedVerdict;
import io.k2.floe.tiering.verdicts.VerdictStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;

/**
 * Where the auditor keeps its verdicts for the warm-retention step (R-RETENTION, docs/requirements.md): the tiering
 * {@link VerdictStore} in the auditor's PostgreSQL schema ({@code FLOE_AUDIT_SCHEMA}, default {@code floe_audit},
 * migrated by Flyway at start-up from tiering's {@code db/verdicts}). Verdicts are recorded before the audit's event
 * is published, so whoever reads the event finds them.
 */
@ApplicationScoped
public class VerdictLedger {

    private final VerdictStore store;

    public VerdictLedger(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.flyway.default-schema") String schema) {
        this.store = new VerdictStore(dataSource, schema);
    }

    public void record(AuditCompleted audit, Instant auditedAt) {
        store.record(RecordedVerdict.of(audit, auditedAt));
    }

    public VerdictStore store() {
        return store;
    }
}
