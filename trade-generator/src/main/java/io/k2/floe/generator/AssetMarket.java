package io.k2.floe.generator;

import java.util.List;

/**
 * The simulated market of one base asset across its instruments: a shared fair price following a
 * GARCH(1,1) random walk with Student-t shocks (volatility clusters, heavy-tailed returns), and taker
 * orders arriving as a self-exciting (Hawkes) process, so that trades come in bursts.
 */
final class AssetMarket {

    private static final double SECONDS_PER_YEAR = 365.0 * 86_400;
    private static final double GARCH_ALPHA = 0.06;
    private static final double GARCH_BETA = 0.93;
    private static final int SHOCK_DEGREES_OF_FREEDOM = 5;
    /** Share of orders that are triggered by earlier orders (Hawkes branching ratio). */
    private static final double BRANCHING = 0.65;
    /** Decay of the excitation an order leaves behind, per second. */
    private static final double EXCITATION_DECAY = 1.5;
    /** Chance that a taker order fills a single resting order; otherwise it sweeps several. */
    private static final double SINGLE_FILL = 0.72;
    private static final double SWEEP_CONTINUE = 0.55;
    private static final int MAX_FILLS = 12;
    /** Mean fills per taker order implied by the three constants above (capped geometric). */
    static final double MEAN_FILLS_PER_ORDER = SINGLE_FILL + (1 - SINGLE_FILL) * (2 + SWEEP_CONTINUE / (1 - SWEEP_CONTINUE));

    private final AssetProfile profile;
    private final List<Instrument> instruments;
    private final long[] nextTradeId;
    private final double totalWeight;
    private final Rng rng;
    private final long startUs;

    private final double longRunVariance;
    private double variance;
    private double logUsdPrice;
    private double lastShock;
    private long steppedSeconds;

    private final double baseIntensity;
    private double excitation;
    private double clockSeconds;

    AssetMarket(AssetProfile profile, List<Instrument> instruments, double tradesPerSecond, long startUs, Rng rng) {
        this.profile = profile;
        this.instruments = List.copyOf(instruments);
        this.nextTradeId = instruments.stream().mapToLong(Instrument::firstTradeId).toArray();
        this.totalWeight = instruments.stream().mapToDouble(Instrument::weight).sum();
        this.rng = rng;
        this.startUs = startUs;
        this.longRunVariance = profile.annualVolatility() * profile.annualVolatility() / SECONDS_PER_YEAR;
        this.variance = longRunVariance;
        this.logUsdPrice = Math.log(profile.usdPrice());
        double ordersPerSecond = tradesPerSecond / MEAN_FILLS_PER_ORDER;
        this.baseIntensity = ordersPerSecond * (1 - BRANCHING);
    }

    /** Seconds since the start of the run at which this asset's next taker order arrives (Ogata thinning). */
    double nextOrderSeconds() {
        while (true) {
            double bound = baseIntensity + excitation;
            double wait = rng.exponential(bound);
            clockSeconds += wait;
            excitation *= Math.exp(-EXCITATION_DECAY * wait);
            if (rng.uniform() * bound <= baseIntensity + excitation) {
                excitation += BRANCHING * EXCITATION_DECAY;
                return clockSeconds;
            }
        }
    }

    /** The fills of one taker order at {@code atSeconds}: same time, same side, consecutive ids. */
    void executeOrder(double atSeconds, List<Trade> fills) {
        advancePriceTo((long) Math.floor(atSeconds));
        int which = chooseInstrument();
        Instrument instrument = instruments.get(which);
        double tick = instrument.tickUnits() / (double) FixedPoint.ONE;
        double mid = Math.exp(logUsdPrice) / instrument.quoteInUsd() * (1 + 0.00005 * rng.gaussian());
        double halfSpread = Math.max(tick, mid * 0.00005);
        double momentum = Math.max(-0.15, Math.min(0.15, 0.08 * lastShock / Math.sqrt(variance)));
        boolean takerBuys = rng.chance(0.5 + momentum);
        long priceTicks = takerBuys ? (long) Math.ceil((mid + halfSpread) / tick) : (long) Math.floor((mid - halfSpread) / tick);
        priceTicks = Math.max(1, priceTicks);
        int fillCount = 1;
        if (!rng.chance(SINGLE_FILL)) {
            fillCount = 2;
            while (fillCount < MAX_FILLS && rng.chance(SWEEP_CONTINUE)) {
                fillCount++;
            }
        }
        long tradeTimeUs = startUs + Math.round(atSeconds * 1e6);
        boolean marketOrder = rng.chance(0.7);
        double orderUsd = orderNotionalUsd();
        long eventTimeUs = tradeTimeUs + 300 + Math.round(rng.exponential(1.0 / 2_000));
        for (int fill = 0; fill < fillCount; fill++) {
            if (fill > 0) {
                long step = rng.below(3);
                priceTicks = takerBuys ? priceTicks + step : Math.max(1, priceTicks - step);
            }
            double fillUsd = fillCount == 1 ? orderUsd : orderUsd * rng.logUniform(0.05, 1.0);
            long priceUnits = priceTicks * instrument.tickUnits();
            long quantityUnits = quantityUnits(instrument, priceUnits, fillUsd);
            if (fill > 0) {
                eventTimeUs += 1 + rng.below(20);
            }
            fills.add(new Trade(instrument, nextTradeId[which]++, priceUnits, quantityUnits, takerBuys, tradeTimeUs,
                    eventTimeUs, marketOrder));
        }
    }

    private int chooseInstrument() {
        double pick = rng.uniform() * totalWeight;
        for (int i = 0; i < instruments.size() - 1; i++) {
            pick -= instruments.get(i).weight();
            if (pick < 0) {
                return i;
            }
        }
        return instruments.size() - 1;
    }

    /** Order sizes in dollars: log-normal body, Pareto tail (a few whales), capped. */
    private double orderNotionalUsd() {
        double usd = rng.chance(0.97) ? 150 * Math.exp(1.5 * rng.gaussian()) : rng.pareto(20_000, 1.3);
        return Math.min(usd, 5_000_000);
    }

    private static long quantityUnits(Instrument instrument, long priceUnits, double notionalUsd) {
        double quoteAmount = notionalUsd / instrument.quoteInUsd();
        double baseAmount = quoteAmount / (priceUnits / (double) FixedPoint.ONE);
        long lots = (long) Math.floor(baseAmount * FixedPoint.ONE / instrument.lotUnits());
        return Math.max(1, lots) * instrument.lotUnits();
    }

    /** Steps the GARCH(1,1) price process one second at a time up to {@code second}. */
    private void advancePriceTo(long second) {
        double omega = longRunVariance * (1 - GARCH_ALPHA - GARCH_BETA);
        while (steppedSeconds < second) {
            double shock = Math.sqrt(variance) * rng.studentUnitVariance(SHOCK_DEGREES_OF_FREEDOM);
            logUsdPrice += shock - variance / 2;
            variance = omega + GARCH_ALPHA * shock * shock + GARCH_BETA * variance;
            lastShock = shock;
            steppedSeconds++;
        }
    }

    String base() {
        return profile.base();
    }
}
