package io.k2.floe.tiering.testing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from /proc, in clock ticks: the whole machine's busy time (all CPUs) and one process's user + system
 * time. Taken right before the command is sent and right after its answer arrives, they tell how the two cores were
 * shared during the offload: worker, ClickHouse, and everything else (other people's builds on a shared machine).
 */
public record CpuTimes(long machineBusy, long machineTotal, long worker, long clickHouse) {

    public static CpuTimes now(long workerPid, long clickHousePid) {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new CpuTimes(total - idle, total, process(workerPid), process(clickHousePid));
        } catch (IOException | RuntimeException e) {
            return new CpuTimes(-1, -1, -1, -1);
        }
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat), -1 when unknown. */
    private static long process(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may contain spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Seconds of CPU between {@code before} and this, per {@code ticksPerSecond}, as key=value lines. */
    public void printSince(CpuTimes before, double ticksPerSecond) {
        if (machineBusy < 0 || before.machineBusy < 0) {
            return;
        }
        double machine = (machineBusy - before.machineBusy) / ticksPerSecond;
        double capacity = (machineTotal - before.machineTotal) / ticksPerSecond;
        System.out.printf("cpu_machine_busy_s=%.2f%n", machine);
        System.out.printf("cpu_machine_capacity_s=%.2f%n", capacity);
        if (worker >= 0 && before.worker >= 0) {
            System.out.printf("cpu_worker_s=%.2f%n", (worker - before.worker) / ticksPerSecond);
        }
        if (clickHouse >= 0 && before.clickHouse >= 0) {
            System.out.printf("cpu_clickhouse_s=%.2f%n", (clickHouse - before.clickHouse) / ticksPerSecond);
        }
    }
}
