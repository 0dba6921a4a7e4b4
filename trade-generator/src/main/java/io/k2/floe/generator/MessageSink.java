package io.k2.floe.generator;

/** Where generated messages go: the broker, or standard output for a dry run. */
interface MessageSink extends AutoCloseable {

    void send(OutboundMessage message);

    /** Blocks until everything sent so far is delivered; throws if any delivery failed. */
    void flush();

    @Override
    void close();
}
