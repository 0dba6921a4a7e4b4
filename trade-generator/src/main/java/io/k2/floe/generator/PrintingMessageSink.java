package io.k2.floe.generator;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Dry run: one line per message, {@code topic<TAB>key<TAB>payload}. */
final class PrintingMessageSink implements MessageSink {

    private final PrintStream out;
    private final String topicPrefix;

    PrintingMessageSink(PrintStream out, String topicPrefix) {
        this.out = out;
        this.topicPrefix = topicPrefix;
    }

    /** Writes to the process's standard output through a large buffer (a dry run can print millions of lines). */
    static PrintingMessageSink toStandardOutput(String topicPrefix) {
        return new PrintingMessageSink(new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8), topicPrefix);
    }

    @Override
    public void send(OutboundMessage message) {
        out.print(message.exchange().topic(topicPrefix));
        out.print('\t');
        out.print(new String(message.key(), StandardCharsets.UTF_8));
        out.print('\t');
        out.println(new String(message.payload(), StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
