package io.k2.floe.generator;

import java.util.SplittableRandom;

/**
 * Deterministic random numbers for the simulation. Only {@link SplittableRandom#nextLong()} is used
 * underneath (its algorithm is specified), and every distribution is derived here, so the same seed
 * gives the same trades on every JDK.
 */
final class Rng {

    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream derived deterministically from this one. */
    Rng fork() {
        return new Rng(random.nextLong());
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in (0, 1]: safe to take the logarithm of. */
    double uniformPositive() {
        return 1.0 - uniform();
    }

    boolean chance(double probability) {
        return uniform() < probability;
    }

    /** Uniform integer in [0, bound). */
    int below(int bound) {
        return (int) (uniform() * bound);
    }

    double exponential(double rate) {
        return -Math.log(uniformPositive()) / rate;
    }

    /** Standard normal, by the polar method. */
    double gaussian() {
        double u;
        double v;
        double s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Student-t with {@code degrees} (integer, > 2) degrees of freedom, scaled to unit variance. */
    double studentUnitVariance(int degrees) {
        double chiSquare = 0;
        for (int i = 0; i < degrees; i++) {
            double g = gaussian();
            chiSquare += g * g;
        }
        double t = gaussian() / Math.sqrt(chiSquare / degrees);
        return t / Math.sqrt(degrees / (degrees - 2.0));
    }

    /** Log-uniform in [low, high]: as many values per decade. */
    double logUniform(double low, double high) {
        return low * Math.exp(uniform() * Math.log(high / low));
    }

    /** Pareto with minimum {@code minimum} and tail index {@code alpha}. */
    double pareto(double minimum, double alpha) {
        return minimum / Math.pow(uniformPositive(), 1 / alpha);
    }
}
