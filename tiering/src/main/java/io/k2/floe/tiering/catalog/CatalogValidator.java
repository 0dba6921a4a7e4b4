package io.k2.floe.tiering.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a set of declarations and collects every problem, so that an operator fixes the
 * configuration in one go instead of one restart per mistake.
 */
final class CatalogValidator {

    /** Identifiers end up in SQL and object-store paths: nothing but letters, digits, underscore. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

    private final List<CatalogProblem> problems = new ArrayList<>();
    private final Map<Layer, MaintenancePolicy> layerPolicies = new EnumMap<>(Layer.class);
    private final Map<Layer, Set<String>> layerFieldsSet = new EnumMap<>(Layer.class);

    /** The valid tables by id, or an exception listing every problem. */
    static Map<String, CatalogTable> validate(Collection<TableDefinition> definitions) {
        return validate(definitions, Map.of());
    }

    /**
     * The valid tables by id, or an exception listing every problem.
     *
     * @param layerDefaults maintenance fields by layer name ({@code floe.catalog.layer-defaults.<layer>.<field>})
     */
    static Map<String, CatalogTable> validate(Collection<TableDefinition> definitions,
                                              Map<String, Map<String, String>> layerDefaults) {
        CatalogValidator v = new CatalogValidator();
        v.readLayerDefaults(layerDefaults);
        Map<String, CatalogTable> tables = v.run(definitions);
        if (!v.problems.isEmpty()) {
            v.problems.sort(Comparator.comparing(CatalogProblem::table)); // stable: checks keep their order
            throw new InvalidCatalogException(v.problems);
        }
        return tables;
    }

    /** Each layer's policy: the built-in defaults with {@code layer-defaults.<layer>.*} laid over them. */
    private void readLayerDefaults(Map<String, Map<String, String>> layerDefaults) {
        for (Layer layer : Layer.values()) {
            layerPolicies.put(layer, MaintenancePolicy.defaults(layer));
            layerFieldsSet.put(layer, Set.of());
        }
        new TreeMap<>(layerDefaults).forEach((name, texts) -> {
            Optional<Layer> layer = Layer.parse(name);
            if (layer.isEmpty()) {
                problem("*", "layer-defaults." + name, "unknown layer '" + name + "'; allowed: " + Layer.allowedNames());
                return;
            }
            String prefix = "layer-defaults." + layer.get().configName() + ".";
            MaintenancePolicyReader.read(MaintenancePolicy.defaults(layer.get()), texts, Set.of(),
                            (field, detail) -> problem("*", prefix + field, detail))
                    .ifPresent(p -> layerPolicies.put(layer.get(), p));
            Set<String> set = new HashSet<>();
            texts.forEach((field, value) -> {
                if (value != null && !value.isBlank()) {
                    set.add(field);
                }
            });
            layerFieldsSet.put(layer.get(), set);
        });
    }

    private Map<String, CatalogTable> run(Collection<TableDefinition> definitions) {
        Map<String, TableDefinition> enabled = new TreeMap<>();
        Set<String> disabled = new HashSet<>();
        for (TableDefinition d : definitions) {
            String id = d.id();
            if (!d.enabled()) {
                disabled.add(id);
            } else if (enabled.putIfAbsent(id, d) != null) {
                problem(id, CatalogProblem.ID_FIELD, "the table is declared twice");
            }
        }
        if (enabled.isEmpty()) {
            problem("*", "tables", "no table is configured (or every table is disabled); "
                    + "declare tables as floe.catalog.tables.<id>.<field>=...");
        }

        Map<String, CatalogTable> valid = new TreeMap<>();
        Map<String, Layer> layers = new HashMap<>();
        for (TableDefinition d : enabled.values()) {
            checkTable(d, enabled.keySet(), disabled).ifPresent(t -> valid.put(t.id(), t));
            Layer.parse(d.layer()).ifPresent(l -> layers.put(d.id(), l));
        }
        for (TableDefinition d : enabled.values()) {
            checkLayerOrder(d, layers);
        }
        checkDistinctColdTables(enabled.values());
        checkCycles(enabled);
        return valid;
    }

    /** Field-by-field checks of one table; the table only when all of them pass. */
    private Optional<CatalogTable> checkTable(TableDefinition d, Set<String> enabledIds, Set<String> disabledIds) {
        int before = problems.size();
        String id = d.id();
        if (!IDENTIFIER.matcher(id).matches()) {
            problem(id, CatalogProblem.ID_FIELD, "table id '" + id + "' may contain only letters, digits and underscores");
        }

        Optional<Layer> layer = Optional.empty();
        if (isBlank(d.layer())) {
            missing(id, "layer", "one of " + Layer.allowedNames());
        } else {
            layer = Layer.parse(d.layer());
            if (layer.isEmpty()) {
                problem(id, "layer", "unknown layer '" + d.layer().trim() + "'; allowed: " + Layer.allowedNames());
            }
        }

        String warmTable = requiredIdentifier(id, "warm-table", d.warmTable());
        String warmRead = isBlank(d.warmRead()) ? warmTable : identifier(id, "warm-read", d.warmRead());
        String coldTable = coldTable(id, d.coldTable());
        String orderingColumn = requiredIdentifier(id, "ordering-column", d.orderingColumn());
        String timeColumn = requiredIdentifier(id, "time-column", d.timeColumn());
        PartitionTransform partition = partition(id, d.partition(), timeColumn);
        TimeEncoding encoding = timeEncoding(id, d.timeEncoding());
        List<String> clusterBy = columnList(id, "cluster-by", d.clusterBy(), true);
        List<String> keyColumns = columnList(id, "key-columns", d.keyColumns(), true);
        List<String> dependsOn = dependsOn(id, d.dependsOn(), enabledIds, disabledIds);
        Optional<Duration> bucket = bucket(id, layer, d.bucket());
        Duration grace = grace(id, layer, d.grace());
        Optional<MaintenancePolicy> maintenance = layer.flatMap(l -> MaintenancePolicyReader.read(
                layerPolicies.get(l), d.maintenance(), layerFieldsSet.get(l),
                (field, detail) -> problem(id, "maintenance." + field, detail)));

        if (problems.size() != before || layer.isEmpty() || maintenance.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CatalogTable(id, layer.get(), warmTable, warmRead, coldTable, partition, clusterBy,
                orderingColumn, timeColumn, encoding, keyColumns, dependsOn, bucket, grace, maintenance.get()));
    }

    private String requiredIdentifier(String table, String field, String value) {
        if (isBlank(value)) {
            missing(table, field, "an identifier");
            return null;
        }
        return identifier(table, field, value);
    }

    private String identifier(String table, String field, String value) {
        String v = value.trim();
        if (!IDENTIFIER.matcher(v).matches()) {
            problem(table, field, "'" + value + "' is not an identifier: only letters, digits and underscores are allowed");
            return null;
        }
        return v;
    }

    private String coldTable(String table, String value) {
        if (isBlank(value)) {
            missing(table, "cold-table", CatalogTable.COLD_NAMESPACE + ".<name>");
            return null;
        }
        String v = value.trim();
        String prefix = CatalogTable.COLD_NAMESPACE + ".";
        if (!v.startsWith(prefix)) {
            problem(table, "cold-table", "'" + value + "' is not in namespace '" + CatalogTable.COLD_NAMESPACE
                    + "'; write it as " + prefix + "<name>");
            return null;
        }
        String name = v.substring(prefix.length());
        if (!IDENTIFIER.matcher(name).matches()) {
            problem(table, "cold-table", "'" + value + "': the name after '" + prefix
                    + "' may contain only letters, digits and underscores");
            return null;
        }
        return v;
    }

    private PartitionTransform partition(String table, String value, String timeColumn) {
        if (isBlank(value)) {
            missing(table, "partition", "a transform such as day(<time-column>) or month(<time-column>)");
            return null;
        }
        Optional<PartitionTransform> parsed = PartitionTransform.parse(value);
        if (parsed.isEmpty()) {
            problem(table, "partition", "cannot parse '" + value
                    + "'; expected hour(<col>), day(<col>), month(<col>) or year(<col>)");
            return null;
        }
        PartitionTransform p = parsed.get();
        if (timeColumn != null && !p.column().equals(timeColumn)) {
            problem(table, "partition", "'" + value + "' partitions on column '" + p.column()
                    + "', but the time column is '" + timeColumn + "'; partitions must follow the time column");
            return null;
        }
        return p;
    }

    private TimeEncoding timeEncoding(String table, String value) {
        if (isBlank(value)) {
            return TimeEncoding.DATETIME;
        }
        Optional<TimeEncoding> e = TimeEncoding.parse(value);
        if (e.isEmpty()) {
            problem(table, "time-encoding", "unknown encoding '" + value.trim() + "'; allowed: " + TimeEncoding.allowedNames());
            return null;
        }
        return e.get();
    }

    private List<String> columnList(String table, String field, List<String> values, boolean required) {
        List<String> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : values) {
            if (isBlank(raw)) {
                problem(table, field, "contains an empty entry");
                continue;
            }
            String column = identifier(table, field, raw);
            if (column != null && !seen.add(column)) {
                problem(table, field, "lists '" + column + "' twice");
            }
            if (column != null) {
                columns.add(column);
            }
        }
        if (required && values.isEmpty()) {
            missing(table, field, "a comma-separated list of columns");
        }
        return columns;
    }

    private List<String> dependsOn(String table, List<String> values, Set<String> enabledIds, Set<String> disabledIds) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : values) {
            if (isBlank(raw)) {
                problem(table, "depends-on", "contains an empty entry");
                continue;
            }
            String up = raw.trim();
            if (up.equals(table)) {
                problem(table, "depends-on", "the table depends on itself");
            } else if (!seen.add(up)) {
                problem(table, "depends-on", "lists '" + up + "' twice");
            } else if (enabledIds.contains(up)) {
                ids.add(up);
            } else if (disabledIds.contains(up)) {
                problem(table, "depends-on", "depends on '" + up + "', which is disabled (enabled=false); "
                        + "remove it from depends-on or enable it");
            } else {
                problem(table, "depends-on", "depends on unknown table '" + up + "'; known tables: "
                        + String.join(", ", new TreeSet<>(enabledIds)));
            }
        }
        return ids;
    }

    private Optional<Duration> bucket(String table, Optional<Layer> layer, String value) {
        boolean gold = layer.orElse(null) == Layer.GOLD;
        if (!gold) {
            if (!isBlank(value) && layer.isPresent()) {
                problem(table, "bucket", "only gold tables have a bucket, but this table is "
                        + layer.get().configName() + "; remove it");
            }
            return Optional.empty();
        }
        if (isBlank(value)) {
            missing(table, "bucket", "the bar length of this gold table, e.g. 1m, 15m, 1h, 1d");
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(value);
        if (d.isEmpty()) {
            problem(table, "bucket", "cannot parse '" + value + "'; write e.g. 1m, 15m, 1h, 1d or PT5M");
        } else if (d.get().isNegative() || d.get().isZero()) {
            problem(table, "bucket", "'" + value + "' must be longer than zero");
        } else if (d.get().getNano() != 0) {
            problem(table, "bucket", "'" + value + "' must be a whole number of seconds");
        } else {
            return d;
        }
        return Optional.empty();
    }

    private Duration grace(String table, Optional<Layer> layer, String value) {
        boolean gold = layer.orElse(null) == Layer.GOLD;
        if (!gold) {
            if (!isBlank(value) && layer.isPresent()) {
                problem(table, "grace", "only gold tables have a grace period, but this table is "
                        + layer.get().configName() + "; remove it");
            }
            return Duration.ZERO;
        }
        if (isBlank(value)) {
            return CatalogTable.DEFAULT_GRACE;
        }
        Optional<Duration> d = Durations.parse(value);
        if (d.isEmpty()) {
            problem(table, "grace", "cannot parse '" + value + "'; write e.g. 30s, 2m or PT2M");
        } else if (d.get().isNegative()) {
            problem(table, "grace", "'" + value + "' is negative; a grace period must be zero or more");
        } else {
            return d.get();
        }
        return CatalogTable.DEFAULT_GRACE;
    }

    /** Bronze depends on nothing, silver on bronze only (at least one), gold on silver only (at least one). */
    private void checkLayerOrder(TableDefinition d, Map<String, Layer> layers) {
        Layer layer = layers.get(d.id());
        if (layer == null) {
            return;
        }
        List<String> ups = d.dependsOn().stream().filter(u -> !isBlank(u)).map(String::trim).distinct().toList();
        Optional<Layer> allowed = layer.allowedUpstream();
        if (allowed.isEmpty()) {
            if (!ups.isEmpty()) {
                problem(d.id(), "depends-on", "a " + layer.configName() + " table is fed by the exchanges and "
                        + "depends on no table, but it lists " + String.join(", ", ups));
            }
            return;
        }
        if (ups.isEmpty()) {
            problem(d.id(), "depends-on", "a " + layer.configName() + " table must depend on at least one "
                    + allowed.get().configName() + " table");
        }
        for (String up : ups) {
            Layer upLayer = layers.get(up);
            if (upLayer != null && upLayer != allowed.get()) {
                problem(d.id(), "depends-on", "a " + layer.configName() + " table may depend only on "
                        + allowed.get().configName() + " tables, but '" + up + "' is " + upLayer.configName());
            }
        }
    }

    private void checkDistinctColdTables(Collection<TableDefinition> definitions) {
        Map<String, List<String>> owners = new TreeMap<>();
        for (TableDefinition d : definitions) {
            if (!isBlank(d.coldTable())) {
                owners.computeIfAbsent(d.coldTable().trim(), k -> new ArrayList<>()).add(d.id());
            }
        }
        owners.forEach((cold, ids) -> {
            if (ids.size() > 1) {
                for (String id : ids) {
                    List<String> others = ids.stream().filter(o -> !o.equals(id)).toList();
                    problem(id, "cold-table", "'" + cold + "' is also the cold table of " + String.join(", ", others)
                            + "; each table needs its own cold table");
                }
            }
        });
    }

    /**
     * Reports the cycles a depth-first walk meets (at least one per knot of mutually dependent
     * tables), each once and starting from its smallest table id.
     */
    private void checkCycles(Map<String, TableDefinition> enabled) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        enabled.forEach((id, d) -> edges.put(id, d.dependsOn().stream()
                .filter(u -> !isBlank(u)).map(String::trim)
                .filter(u -> enabled.containsKey(u) && !u.equals(id)).distinct().toList()));
        Set<String> done = new HashSet<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            findCycles(start, edges, new ArrayList<>(), done, reported);
        }
    }

    private void findCycles(String node, Map<String, List<String>> edges, List<String> path, Set<String> done,
                            Set<Set<String>> reported) {
        int at = path.indexOf(node);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            if (reported.add(new HashSet<>(cycle))) {
                String first = cycle.stream().min(Comparator.naturalOrder()).orElseThrow();
                int i = cycle.indexOf(first);
                List<String> rotated = new ArrayList<>(cycle.subList(i, cycle.size()));
                rotated.addAll(cycle.subList(0, i));
                rotated.add(first);
                problem(first, "depends-on", "dependency cycle: " + String.join(" -> ", rotated));
            }
            return;
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String up : edges.getOrDefault(node, List.of())) {
            findCycles(up, edges, path, done, reported);
        }
        path.remove(path.size() - 1);
        done.add(node);
    }

    private void missing(String table, String field, String expected) {
        problem(table, field, "is required but not set; expected " + expected);
    }

    private void problem(String table, String field, String detail) {
        problems.add(new CatalogProblem(table, field, detail));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
