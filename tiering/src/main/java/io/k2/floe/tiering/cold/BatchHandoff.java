package io.k2.floe.tiering.cold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves batches of rows from the thread that reads them (the caller's) to one writer thread, so that reading and
 * decoding overlap with Parquet encoding and compression on a second core.
 *
 * <p>Memory is bounded whatever the number of rows: a fixed pool of batches circulates; the reader waits for a free
 * one when the writer is behind. The writer thread is started with the first full batch and ends when
 * {@link #finish()} or {@link #abort()} is called; both wait for it, so no thread outlives the window.
 *
 * <p>Failures cross over: when the writer fails, the reader's next hand-over (or {@link #finish()}) throws the
 * writer's exception itself (so that callers classify the original failure); when the reader gives up,
 * {@link #abort()} stops the writer after the batch it is writing.
 */
final class BatchHandoff {

    /** Writes one batch; runs on the writer thread. */
    interface BatchWriter {
        void write(ColdBatch batch);
    }

    private final String threadName;
    private final BatchWriter writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ColdBatch> free = new ArrayDeque<>();
    private final ArrayDeque<ColdBatch> full = new ArrayDeque<>();
    private final Supplier<ColdBatch> newBatch;
    private final int poolSize;
    private int created;
    private Thread thread;
    private Throwable failure;
    private boolean ending;
    private boolean stopping;

    /**
     * @param poolSize batches in circulation (at least 2: one being filled, one being written)
     */
    BatchHandoff(String threadName, int poolSize, Supplier<ColdBatch> newBatch, BatchWriter writer) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("a hand-over needs at least 2 batches, got " + poolSize);
        }
        this.threadName = threadName;
        this.poolSize = poolSize;
        this.newBatch = newBatch;
        this.writer = writer;
    }

    /** An empty batch to fill; waits while every batch is queued or being written. Reader side. */
    ColdBatch empty() {
        lock.lock();
        try {
            while (true) {
                throwIfFailed();
                requireOpen();
                ColdBatch batch = free.poll();
                if (batch != null) {
                    return batch;
                }
                if (created < poolSize) {
                    created++;
                    return newBatch.get();
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a filled batch for the writer thread (starting it on first use). Reader side. */
    void submit(ColdBatch batch) {
        lock.lock();
        try {
            throwIfFailed();
            requireOpen();
            full.add(batch);
            if (thread == null) {
                thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
                thread.start();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the writer thread write what is queued, waits for it to end, and throws its failure if it had one.
     * Afterwards the thread is gone and nothing else writes.
     */
    void finish() {
        Thread writerThread;
        lock.lock();
        try {
            ending = true;
            changed.signalAll();
            writerThread = thread;
        } finally {
            lock.unlock();
        }
        joinUninterruptibly(writerThread);
        lock.lock();
        try {
            throwIfFailed();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the writer thread after the batch it is writing and waits for it; its failure, if any, is dropped. */
    void abort() {
        Thread writerThread;
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
            writerThread = thread;
        } finally {
            lock.unlock();
        }
        joinUninterruptibly(writerThread);
    }

    /** True once the writer thread has failed (its exception is thrown to the reader at the next hand-over). */
    boolean failed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                ColdBatch batch;
                lock.lock();
                try {
                    while (full.isEmpty() && !ending && !stopping) {
                        changed.awaitUninterruptibly();
                    }
                    if (stopping || full.isEmpty()) {
                        return;
                    }
                    batch = full.poll();
                } finally {
                    lock.unlock();
                }
                writer.write(batch);
                batch.clear();
                lock.lock();
                try {
                    free.add(batch);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (Throwable t) {
            lock.lock();
            try {
                failure = t;
                full.clear();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reader side, under the lock: the writer's failure, as itself when it is unchecked. */
    private void throwIfFailed() {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        switch (t) {
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case IOException e -> throw new UncheckedIOException(e);
            default -> throw new IllegalStateException(t);
        }
    }

    private void requireOpen() {
        if (ending || stopping) {
            throw new IllegalStateException("the window's rows were already finished or aborted");
        }
    }

    private void awaitChange() {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Parquet writer thread " + threadName, e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
