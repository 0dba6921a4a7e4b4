package io.k2.floe.generator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Produces the trades of all simulated assets in execution-time order, deterministically by seed. */
final class MarketSimulator {

    private record Pending(AssetMarket market, int index, double atSeconds) {
    }

    private final PriorityQueue<Pending> nextOrders = new PriorityQueue<>(
            Comparator.comparingDouble(Pending::atSeconds).thenComparingInt(Pending::index));
    private final ArrayDeque<Trade> fills = new ArrayDeque<>();
    private final List<Trade> scratch = new ArrayList<>();

    /**
     * @param instruments    what trades (grouped by base asset internally)
     * @param tradesPerSecond average trades per second of simulated time, over all instruments
     * @param startUs        simulated start, microseconds since the epoch
     * @param seed           seed of every random choice
     */
    MarketSimulator(List<Instrument> instruments, double tradesPerSecond, long startUs, long seed) {
        Map<String, List<Instrument>> byAsset = new LinkedHashMap<>();
        for (Instrument instrument : instruments) {
            byAsset.computeIfAbsent(instrument.pair().base(), base -> new ArrayList<>()).add(instrument);
        }
        double totalActivity = byAsset.keySet().stream().mapToDouble(base -> AssetCatalog.asset(base).activity()).sum();
        Rng root = new Rng(seed);
        int index = 0;
        for (Map.Entry<String, List<Instrument>> entry : byAsset.entrySet()) {
            AssetProfile profile = AssetCatalog.asset(entry.getKey());
            double assetRate = tradesPerSecond * profile.activity() / totalActivity;
            AssetMarket market = new AssetMarket(profile, entry.getValue(), assetRate, startUs, root.fork());
            nextOrders.add(new Pending(market, index++, market.nextOrderSeconds()));
        }
    }

    Trade next() {
        if (fills.isEmpty()) {
            Pending due = nextOrders.poll();
            scratch.clear();
            due.market().executeOrder(due.atSeconds(), scratch);
            fills.addAll(scratch);
            nextOrders.add(new Pending(due.market(), due.index(), due.market().nextOrderSeconds()));
        }
        return fills.poll();
    }
}
