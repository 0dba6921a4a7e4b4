package io.k2.floe.offload.window;

import io.k2.floe.offload.OffloadWorkerConfig;
import io.k2.floe.tiering.warm.RowSink;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Fault injection for the crash tests: when {@code floe.offload-worker.pause-at} names a point of the offload, the
 * worker logs {@value #REACHED} with the point's name there and then stands still, so that a test can kill the
 * process with SIGKILL at exactly that moment (before the read, after N rows, before the files are closed, just
 * before or just after the Iceberg commit). Unset in production; then every call is a no-op.
 */
@ApplicationScoped
public class CrashPoints {

    /** Log text a test waits for. */
    public static final String REACHED = "FLOE-PAUSE-POINT-REACHED";
    public static final String BEFORE_READ = "before-read";
    public static final String AFTER_ROWS = "after-rows";
    public static final String BEFORE_CLOSE_FILES = "before-close-files";
    public static final String BEFORE_COMMIT = "before-commit";
    public static final String AFTER_COMMIT = "after-commit";

    private static final Logger LOG = Logger.getLogger(CrashPoints.class);

    private final String point;
    private final long afterRows;
    private final Duration pause;

    public CrashPoints(OffloadWorkerConfig config) {
        Optional<String> at = config.pauseAt().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
        if (at.isPresent() && at.get().startsWith(AFTER_ROWS + ":")) {
            this.point = AFTER_ROWS;
            this.afterRows = Long.parseLong(at.get().substring(AFTER_ROWS.length() + 1));
        } else {
            this.point = at.orElse(null);
            this.afterRows = -1;
        }
        if (point != null && !java.util.List.of(BEFORE_READ, AFTER_ROWS, BEFORE_CLOSE_FILES, BEFORE_COMMIT, AFTER_COMMIT)
                .contains(point)) {
            throw new IllegalArgumentException("floe.offload-worker.pause-at: unknown point '" + point + "'");
        }
        this.pause = config.pauseFor();
        if (point != null) {
            LOG.warnf("fault injection armed: the offload pauses at %s%s", point, afterRows >= 0 ? ":" + afterRows : "");
        }
    }

    /** Pauses when {@code name} is the armed point. */
    public void reach(String name) {
        if (name.equals(point)) {
            stand(name);
        }
    }

    /** {@code sink}, pausing after the armed number of rows when {@code after-rows:N} is armed. */
    public RowSink counting(RowSink sink) {
        if (!AFTER_ROWS.equals(point)) {
            return sink;
        }
        return new CountingSink(sink);
    }

    private void stand(String name) {
        LOG.warnf("%s %s", REACHED, name);
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class CountingSink implements RowSink {
        private final RowSink inner;
        private long rows;

        CountingSink(RowSink inner) {
            this.inner = inner;
        }

        @Override public void setNull(int c) { inner.setNull(c); }
        @Override public void setBoolean(int c, boolean v) { inner.setBoolean(c, v); }
        @Override public void setInt(int c, int v) { inner.setInt(c, v); }
        @Override public void setLong(int c, long v) { inner.setLong(c, v); }
        @Override public void setFloat(int c, float v) { inner.setFloat(c, v); }
        @Override public void setDouble(int c, double v) { inner.setDouble(c, v); }
        @Override public void setDecimal(int c, long unscaled, int scale) { inner.setDecimal(c, unscaled, scale); }
        @Override public void setDecimal(int c, BigDecimal v) { inner.setDecimal(c, v); }
        @Override public void setString(int c, byte[] b, int o, int l) { inner.setString(c, b, o, l); }
        @Override public void setEnumName(int c, String n) { inner.setEnumName(c, n); }
        @Override public void setFixed(int c, byte[] b, int o, int l) { inner.setFixed(c, b, o, l); }
        @Override public void setUuid(int c, long m, long l) { inner.setUuid(c, m, l); }
        @Override public void setDate(int c, int d) { inner.setDate(c, d); }
        @Override public void setTimestampMicros(int c, long m) { inner.setTimestampMicros(c, m); }

        @Override
        public boolean endRow() {
            boolean more = inner.endRow();
            if (++rows == afterRows) {
                stand(AFTER_ROWS + ":" + afterRows);
            }
            return more;
        }
    }
}
