package io.k2.floe.tiering.warm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Abandons a ClickHouse result stream whose read has been waiting for bytes longer than the idle timeout.
 *
 * <p>Java's HTTP client bounds the wait for the answer's headers, not the body: a server, proxy or network that
 * stops sending halfway through a window would block the worker's thread for ever, and with it the command it
 * holds. Only time spent <em>inside</em> a read counts: a consumer that reads slowly (the Parquet writer flushing a
 * file) is not stalled. A stall is reported as an {@link IOException} on the reading thread, never as the end of the
 * stream: closing the HTTP body from the watchdog makes its read return end-of-stream, which would otherwise look
 * like a complete, shorter result.
 */
final class StalledReadGuard implements AutoCloseable {

    private final Duration idle;
    private final String shown;
    /** One daemon thread per client, made on first use (never in a static initialiser: native images). */
    private ScheduledExecutorService watchdog;

    StalledReadGuard(Duration idle, String shown) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("read idle timeout must be positive, got " + idle);
        }
        this.idle = idle;
        this.shown = shown;
    }

    InputStream guard(InputStream body) {
        Guarded guarded = new Guarded(body);
        long checkMillis = Math.max(50, Math.min(1_000, idle.toMillis() / 4));
        guarded.check = watchdog().scheduleWithFixedDelay(guarded::checkStall, checkMillis, checkMillis,
                TimeUnit.MILLISECONDS);
        return guarded;
    }

    private synchronized ScheduledExecutorService watchdog() {
        if (watchdog == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "clickhouse-read-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            watchdog = executor;
        }
        return watchdog;
    }

    @Override
    public synchronized void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    private final class Guarded extends FilterInputStream {
        /** When the read in progress started (System.nanoTime), 0 while no read waits. */
        private volatile long readingSince;
        private volatile boolean stalled;
        private volatile boolean closed;
        private ScheduledFuture<?> check;

        Guarded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            begin();
            try {
                return ended(super.read());
            } catch (IOException e) {
                throw failed(e);
            } finally {
                readingSince = 0;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            begin();
            try {
                return ended(super.read(b, off, len));
            } catch (IOException e) {
                throw failed(e);
            } finally {
                readingSince = 0;
            }
        }

        private void begin() throws IOException {
            if (stalled) {
                throw stall(null);
            }
            readingSince = System.nanoTime();
        }

        private int ended(int result) throws IOException {
            if (stalled) { // the watchdog closed the body: what looks like the end is not
                throw stall(null);
            }
            if (result < 0 && check != null) {
                check.cancel(false); // the whole result is read: nothing left to watch, even if never closed
            }
            return result;
        }

        private IOException failed(IOException e) {
            return stalled ? stall(e) : e;
        }

        private IOException stall(IOException cause) {
            return new IOException("ClickHouse at " + shown + " sent nothing for " + idle
                    + " in the middle of a result; the read was abandoned (floe.clickhouse.read-idle-timeout)", cause);
        }

        void checkStall() {
            long since = readingSince;
            if (closed || stalled || since == 0 || System.nanoTime() - since < idle.toNanos()) {
                return;
            }
            stalled = true;
            try {
                in.close(); // unblocks the waiting read
            } catch (IOException ignored) {
                // the reader learns of the stall from the flag either way
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (check != null) {
                check.cancel(false);
            }
            super.close();
        }
    }
}
