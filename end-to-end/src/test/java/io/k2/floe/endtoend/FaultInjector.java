package io.k2.floe.endtoend;

import io.k2.floe.tiering.testing.LocalStack;
import io.k2.floe.tiering.testing.ServiceProcess;
import io.k2.floe.tiering.testing.ServiceProcess.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Does the faults of {@link FaultKind} to a {@link Platform}'s services and to the local stack, and undoes them later:
 * a killed service is started again after a short random delay, a paused one continued once its consumer's session
 * has timed out. Everything runs on the caller's thread ({@link #tick()} does what is due), so the platform is never
 * touched concurrently. A service that ends without being killed is started again too, and counted: it must not
 * happen, whatever its dependencies went through ({@link ChaosIT} fails the run).
 */
final class FaultInjector {

    /** A service of the platform under the name it was started with, e.g. "worker-a". */
    record Target(String name, Service service) {
    }

    private final Platform platform;
    private final Random random;
    private final List<Target> targets;
    private final Duration sessionTimeout;
    private final Map<String, Instant> restartDue = new LinkedHashMap<>();
    private final Map<String, Instant> resumeDue = new LinkedHashMap<>();
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private final Map<FaultKind, Integer> inFlight = new EnumMap<>(FaultKind.class);
    private final Map<String, Integer> exitedByThemselves = new TreeMap<>();
    private final List<String> log = new ArrayList<>();

    FaultInjector(Platform platform, Random random, List<Target> targets, Duration sessionTimeout) {
        this.platform = platform;
        this.random = random;
        this.targets = List.copyOf(targets);
        this.sessionTimeout = sessionTimeout;
    }

    /** Starts every target and waits until all are ready. */
    void startAll() {
        List<ServiceProcess> started = new ArrayList<>();
        for (Target target : targets) {
            started.add(platform.launch(target.name(), target.service()));
        }
        started.forEach(process -> process.awaitReady(Duration.ofMinutes(4)));
    }

    /**
     * Injects one fault of {@code kind}.
     *
     * @param commandsInFlight whether a command was seen in flight just before (counted for the report)
     */
    void inject(FaultKind kind, boolean commandsInFlight) {
        tick();
        String what = switch (kind) {
            case KILL_COORDINATOR -> kill(pick(Service.COORDINATOR));
            case KILL_OFFLOAD_WORKER -> kill(pick(Service.OFFLOAD_WORKER));
            case KILL_AUDITOR -> kill(pick(Service.AUDITOR));
            case KILL_MAINTENANCE_WORKER -> kill(pick(Service.MAINTENANCE_WORKER));
            case PAUSE_SERVICE -> pause();
            case RESTART_KAFKA, RESTART_CLICKHOUSE, RESTART_POSTGRES, RESTART_S3 -> restart(kind.component());
        };
        injected.merge(kind, 1, Integer::sum);
        if (commandsInFlight) {
            inFlight.merge(kind, 1, Integer::sum);
        }
        note(kind + (commandsInFlight ? " (commands in flight): " : ": ") + what);
    }

    /** Does what is due: killed services started again, paused ones continued, ones that ended by themselves restarted. */
    void tick() {
        Instant now = Instant.now();
        resumeDue.entrySet().removeIf(entry -> {
            if (entry.getValue().isAfter(now)) {
                return false;
            }
            ServiceProcess process = platform.service(entry.getKey());
            if (process.isAlive()) {
                process.resume();
                note("SIGCONT " + entry.getKey());
            }
            return true;
        });
        restartDue.entrySet().removeIf(entry -> {
            if (entry.getValue().isAfter(now)) {
                return false;
            }
            platform.launch(entry.getKey(), target(entry.getKey()).service());
            note("started " + entry.getKey() + " again");
            return true;
        });
        for (Target target : targets) {
            ServiceProcess process = platform.service(target.name());
            if (!process.isAlive() && !restartDue.containsKey(target.name())) {
                exitedByThemselves.merge(target.name(), 1, Integer::sum);
                note(target.name() + " exited by itself with " + exitStatus(process) + " (log " + process.log()
                        + "); started again");
                platform.launch(target.name(), target.service());
            }
        }
    }

    /** Undoes every fault still in force: paused services continued, dead ones started; then waits until all are ready. */
    void recoverAll() {
        resumeDue.replaceAll((name, due) -> Instant.EPOCH);
        restartDue.replaceAll((name, due) -> Instant.EPOCH);
        tick();
        for (Target target : targets) {
            platform.service(target.name()).awaitReady(Duration.ofMinutes(4));
        }
    }

    Map<FaultKind, Integer> injected() {
        Map<FaultKind, Integer> all = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            all.put(kind, injected.getOrDefault(kind, 0));
        }
        return all;
    }

    int inFlight(FaultKind kind) {
        return inFlight.getOrDefault(kind, 0);
    }

    int total() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    Map<String, Integer> exitedByThemselves() {
        return exitedByThemselves;
    }

    List<String> log() {
        return log;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Target pick(Service service) {
        List<Target> candidates = targets.stream().filter(t -> t.service() == service).toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private Target target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private String kill(Target target) {
        ServiceProcess process = platform.service(target.name());
        if (!process.isAlive()) {
            // still down from an earlier kill: start it now, so that this kill hits a running process
            restartDue.remove(target.name());
            process = platform.launch(target.name(), target.service());
            process.awaitReady(Duration.ofMinutes(4));
        }
        resumeDue.remove(target.name());
        long age = process.ageMillis();
        int status = process.kill();
        if (status != ServiceProcess.SIGKILL_STATUS) {
            throw new AssertionError(target.name() + " ended with " + status + ", not by the SIGKILL (137)");
        }
        Duration delay = Duration.ofMillis(500 + random.nextInt(5_000));
        restartDue.put(target.name(), Instant.now().plus(delay));
        return "SIGKILL " + target.name() + " (pid " + process.pid() + ", up " + age / 1000 + " s), back in "
                + delay.toMillis() + " ms";
    }

    private String pause() {
        List<Target> running = targets.stream().filter(t -> platform.service(t.name()).isAlive()
                && !resumeDue.containsKey(t.name())).toList();
        if (running.isEmpty()) {
            return "nothing to pause: every service is down or paused";
        }
        Target target = running.get(random.nextInt(running.size()));
        Duration stopped = sessionTimeout.plusMillis(2_000 + random.nextInt(4_000));
        platform.service(target.name()).pause();
        resumeDue.put(target.name(), Instant.now().plus(stopped));
        return "SIGSTOP " + target.name() + " for " + stopped.toMillis() + " ms (session timeout " + sessionTimeout.toSeconds()
                + " s)";
    }

    private String restart(String component) {
        long down = 1_000 + random.nextInt(4_000);
        LocalStack.down(component);
        try {
            sleepTicking(down);
        } finally {
            LocalStack.up(component);
        }
        return "restarted " + component + " (down " + down + " ms)";
    }

    /** Sleeps, doing what falls due meanwhile (a pause must not last a whole outage longer than meant). */
    private void sleepTicking(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            ServiceProcess.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            tick();
        }
    }

    private static String exitStatus(ServiceProcess process) {
        try {
            return Integer.toString(process.kill());
        } catch (AssertionError e) {
            return "?";
        }
    }

    private void note(String line) {
        String stamped = Instant.now() + " " + line;
        log.add(stamped);
        System.out.println("chaos: " + stamped);
    }
}
