package io.k2.floe.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds feeds from command-line style arguments and collects their messages. */
final class FeedFixtures {

    private FeedFixtures() {
    }

    static GeneratorOptions options(String... args) {
        return GeneratorOptions.parse(List.of(args), Map.of());
    }

    static List<OutboundMessage> messages(String... args) {
        TradeFeed feed = new TradeFeed(options(args));
        List<OutboundMessage> messages = new ArrayList<>();
        for (OutboundMessage m = feed.next(); m != null; m = feed.next()) {
            messages.add(m);
        }
        return messages;
    }
}
