package io.k2.floe.tiering.catalog;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tables Floe tiers and how they depend on each other. Immutable and valid by construction:
 * {@link #build} refuses a configuration with problems, listing all of them. Plain Java, so tests and
 * command-line tools can use it without CDI; services inject the bean {@link CatalogProducer} makes.
 *
 * <p>Orders: {@link #tables()} and every list returned are in dependency order (bronze before
 * silver before gold), by table id within a layer of the graph.
 */
public final class TableCatalog {

    /**
     * Fields a table may configure, in the order the documentation lists them; besides these, the maintenance fields
     * as {@code maintenance.<field>} ({@link MaintenancePolicy#FIELDS}).
     */
    public static final List<String> FIELDS = List.of("enabled", "layer", "warm-table", "warm-read", "cold-table",
            "partition", "cluster-by", "ordering-column", "time-column", "time-encoding", "key-columns",
            "depends-on", "bucket", "grace");

    private static final String TABLES_PREFIX = "floe.catalog.tables.";
    private static final String LAYER_DEFAULTS_PREFIX = "floe.catalog.layer-defaults.";
    private static final String MAINTENANCE = "maintenance.";

    private final Map<String, CatalogTable> byId;
    private final Map<String, CatalogTable> byColdTable;
    private final Map<String, List<CatalogTable>> downstreams;
    private final List<List<CatalogTable>> topologicalLayers;

    private TableCatalog(Map<String, CatalogTable> valid) {
        this.topologicalLayers = layer(valid);
        Map<String, CatalogTable> ordered = new LinkedHashMap<>();
        topologicalLayers.forEach(l -> l.forEach(t -> ordered.put(t.id(), t)));
        this.byId = Collections.unmodifiableMap(ordered);

        Map<String, CatalogTable> cold = new HashMap<>();
        Map<String, List<CatalogTable>> down = new HashMap<>();
        for (CatalogTable t : byId.values()) {
            cold.put(t.coldTable(), t);
            down.put(t.id(), new ArrayList<>());
        }
        for (CatalogTable t : byId.values()) {
            for (String up : t.dependsOn()) {
                down.get(up).add(t); // byId iterates in dependency order, so each list is ordered too
            }
        }
        down.replaceAll((k, v) -> List.copyOf(v));
        this.byColdTable = Map.copyOf(cold);
        this.downstreams = Map.copyOf(down);
    }

    /**
     * A catalog of the given declarations (disabled ones left out).
     *
     * @throws InvalidCatalogException listing every problem, each naming table and field
     */
    public static TableCatalog build(Collection<TableDefinition> definitions) {
        return new TableCatalog(CatalogValidator.validate(definitions));
    }

    /**
     * A catalog of the given declarations (disabled ones left out), each layer's maintenance defaults overridden by
     * {@code layerDefaults}.
     *
     * @param layerDefaults maintenance fields ({@link MaintenancePolicy#FIELDS}) by layer name, e.g.
     *                      {@code bronze -> {snapshot-max-age -> 3d}}
     * @throws InvalidCatalogException listing every problem, each naming table and field
     */
    public static TableCatalog build(Collection<TableDefinition> definitions,
                                     Map<String, Map<String, String>> layerDefaults) {
        return new TableCatalog(CatalogValidator.validate(definitions, layerDefaults));
    }

    /**
     * A catalog of the configured tables. (In a Quarkus service a misspelt field under
     * {@code floe.catalog.} already stops start-up: SmallRye Config refuses properties that map to
     * nothing in a mapping's prefix.)
     *
     * @throws InvalidCatalogException listing every problem
     */
    public static TableCatalog fromConfig(CatalogConfig config) {
        List<TableDefinition> definitions = new ArrayList<>();
        new TreeMap<>(config.tables()).forEach((id, spec) -> definitions.add(TableDefinition.from(id, spec)));
        Map<String, Map<String, String>> layerDefaults = new TreeMap<>();
        config.layerDefaults().forEach((layer, spec) -> layerDefaults.put(layer, TableDefinition.maintenanceTexts(spec)));
        return build(definitions, layerDefaults, List.of());
    }

    private static TableCatalog build(List<TableDefinition> definitions, Map<String, Map<String, String>> layerDefaults,
                                      List<CatalogProblem> spelling) {
        List<CatalogProblem> problems = new ArrayList<>(spelling);
        try {
            TableCatalog catalog = build(definitions, layerDefaults);
            if (problems.isEmpty()) {
                return catalog;
            }
        } catch (InvalidCatalogException e) {
            problems.addAll(e.problems());
        }
        problems.sort(Comparator.comparing(CatalogProblem::table));
        throw new InvalidCatalogException(problems);
    }

    /**
     * The catalog as configured for this process without CDI: {@code META-INF/microprofile-config.properties}
     * on the class path (this module ships the nine tables there), system properties and environment
     * variables, with the usual MicroProfile Config precedence. For command-line tools and tests.
     */
    public static TableCatalog load() {
        return load(Map.of());
    }

    /** Like {@link #load()}, with {@code overrides} taking precedence over every other source. */
    public static TableCatalog load(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors() // expressions: the shipped layer defaults read ${FLOE_COLD_TARGET_FILE_SIZE_BYTES:...}
                .withSources(new PropertiesConfigSource(overrides, "floe-catalog-overrides", 1_000))
                .build();
        return fromConfig(config);
    }

    /**
     * The catalog declared in a MicroProfile {@link Config}, read property by property. This gives the
     * same tables as {@link #fromConfig(CatalogConfig)} but needs no generated mapping class (SmallRye
     * generates those with ASM, which only Quarkus builds provide). Misspelt fields
     * ({@code floe.catalog.tables.<id>.<unknown>}) are problems too. Environment variables override
     * fields of tables declared in another source, but cannot declare a table: their names cannot be
     * told apart from table ids with underscores.
     *
     * @throws InvalidCatalogException listing every problem
     */
    public static TableCatalog fromConfig(Config config) {
        Set<String> ids = new TreeSet<>();
        Set<String> layers = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            // Environment names are ambiguous (FLOE_CATALOG_TABLES_GOLD_OHLCV_1M_GRACE): they override
            // fields of tables declared elsewhere, but neither declare tables nor count as misspellings.
            if (fromEnvironment(config, name)) {
                continue;
            }
            names.add(name);
            if (name.startsWith(TABLES_PREFIX) && name.indexOf('.', TABLES_PREFIX.length()) > 0) {
                ids.add(name.substring(TABLES_PREFIX.length(), name.indexOf('.', TABLES_PREFIX.length())));
            }
            if (name.startsWith(LAYER_DEFAULTS_PREFIX) && name.indexOf('.', LAYER_DEFAULTS_PREFIX.length()) > 0) {
                layers.add(name.substring(LAYER_DEFAULTS_PREFIX.length(), name.indexOf('.', LAYER_DEFAULTS_PREFIX.length())));
            }
        }
        List<TableDefinition> definitions = new ArrayList<>();
        for (String id : ids) {
            String p = TABLES_PREFIX + id + ".";
            definitions.add(new TableDefinition(id,
                    config.getOptionalValue(p + "enabled", Boolean.class).orElse(true),
                    text(config, p + "layer"), text(config, p + "warm-table"), text(config, p + "warm-read"),
                    text(config, p + "cold-table"), text(config, p + "partition"), list(config, p + "cluster-by"),
                    text(config, p + "ordering-column"), text(config, p + "time-column"),
                    text(config, p + "time-encoding"), list(config, p + "key-columns"), list(config, p + "depends-on"),
                    text(config, p + "bucket"), text(config, p + "grace"), maintenance(config, p + MAINTENANCE)));
        }
        Map<String, Map<String, String>> layerDefaults = new TreeMap<>();
        for (String layer : layers) {
            layerDefaults.put(layer, maintenance(config, LAYER_DEFAULTS_PREFIX + layer + "."));
        }
        return build(definitions, layerDefaults, unknownProperties(names));
    }

    /** The maintenance fields set under {@code prefix}, by name. */
    private static Map<String, String> maintenance(Config config, String prefix) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String field : MaintenancePolicy.FIELDS) {
            String value = text(config, prefix + field);
            if (value != null) {
                texts.put(field, value);
            }
        }
        return texts;
    }

    private static boolean fromEnvironment(Config config, String name) {
        String source = config.getConfigValue(name).getSourceName();
        return source != null && source.startsWith("EnvConfigSource");
    }

    private static String text(Config config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }

    private static List<String> list(Config config, String name) {
        return config.getOptionalValues(name, String.class).orElse(List.of());
    }

    private static List<CatalogProblem> unknownProperties(Iterable<String> names) {
        List<CatalogProblem> problems = new ArrayList<>();
        for (String name : names) {
            if (!name.startsWith("floe.catalog.")) {
                continue;
            }
            if (name.startsWith(LAYER_DEFAULTS_PREFIX)) {
                String field = name.substring(LAYER_DEFAULTS_PREFIX.length());
                int dot = field.indexOf('.');
                if (dot < 0 || !MaintenancePolicy.FIELDS.contains(field.substring(dot + 1))) {
                    problems.add(new CatalogProblem("*", "layer-defaults." + field, "unknown property " + name
                            + "; write " + LAYER_DEFAULTS_PREFIX + "<layer>.<field>, fields: "
                            + String.join(", ", MaintenancePolicy.FIELDS)));
                }
                continue;
            }
            if (!name.startsWith(TABLES_PREFIX)) {
                problems.add(new CatalogProblem("*", name.substring("floe.catalog.".length()),
                        "unknown property " + name + "; tables are declared as " + TABLES_PREFIX + "<id>.<field>"));
                continue;
            }
            String rest = name.substring(TABLES_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                problems.add(new CatalogProblem(rest, CatalogProblem.ID_FIELD,
                        "property " + name + " names no field; write " + name + ".<field>"));
            } else if (rest.startsWith(MAINTENANCE, dot + 1)) {
                String field = rest.substring(dot + 1 + MAINTENANCE.length());
                if (!MaintenancePolicy.FIELDS.contains(field)) {
                    problems.add(new CatalogProblem(rest.substring(0, dot), rest.substring(dot + 1),
                            "unknown maintenance field; known fields: " + String.join(", ", MaintenancePolicy.FIELDS)));
                }
            } else if (!FIELDS.contains(rest.substring(dot + 1))) {
                problems.add(new CatalogProblem(rest.substring(0, dot), rest.substring(dot + 1),
                        "unknown field; known fields: " + String.join(", ", FIELDS)));
            }
        }
        return problems;
    }

    /** Kahn's algorithm by levels: level 0 depends on nothing, level n only on levels below n. */
    private static List<List<CatalogTable>> layer(Map<String, CatalogTable> tables) {
        List<List<CatalogTable>> levels = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (placed.size() < tables.size()) {
            List<CatalogTable> level = tables.values().stream()
                    .filter(t -> !placed.contains(t.id()) && placed.containsAll(t.dependsOn()))
                    .sorted(Comparator.comparing(CatalogTable::id))
                    .toList();
            if (level.isEmpty()) {
                // The validator refuses cycles; reaching this means a validation bug, not bad input.
                throw new IllegalStateException("dependency cycle among " + tables.keySet());
            }
            level.forEach(t -> placed.add(t.id()));
            levels.add(level);
        }
        return List.copyOf(levels);
    }

    /** Every table, in dependency order. */
    public List<CatalogTable> tables() {
        return List.copyOf(byId.values());
    }

    /** Every table id, in dependency order. */
    public Set<String> ids() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byId.keySet()));
    }

    /** How many tables the catalog holds. */
    public int size() {
        return byId.size();
    }

    /** Whether {@code id} is a table of the catalog. */
    public boolean contains(String id) {
        return id != null && byId.containsKey(id);
    }

    /** The table with this id, if any. */
    public Optional<CatalogTable> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /**
     * The table with this id.
     *
     * @throws UnknownTableException naming the id and listing the known tables
     */
    public CatalogTable get(String id) {
        CatalogTable t = id == null ? null : byId.get(id);
        if (t == null) {
            throw new UnknownTableException(id, byId.keySet());
        }
        return t;
    }

    /** The table whose cold table is {@code coldTable} ({@code cold.<name>}), if any. */
    public Optional<CatalogTable> findByColdTable(String coldTable) {
        return Optional.ofNullable(coldTable == null ? null : byColdTable.get(coldTable));
    }

    /** The tables of one layer, by id. */
    public List<CatalogTable> byLayer(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        return byId.values().stream().filter(t -> t.layer() == layer)
                .sorted(Comparator.comparing(CatalogTable::id)).toList();
    }

    /** The tables {@code id} depends on directly. */
    public List<CatalogTable> upstreams(String id) {
        return get(id).dependsOn().stream().map(byId::get)
                .sorted(Comparator.comparing(CatalogTable::id)).toList();
    }

    /** The tables that depend directly on {@code id}. */
    public List<CatalogTable> downstreams(String id) {
        get(id);
        return downstreams.get(id);
    }

    /** Every table {@code id} depends on, directly or not, in dependency order. */
    public List<CatalogTable> allUpstreams(String id) {
        return closure(id, t -> t.dependsOn().stream().map(byId::get).toList());
    }

    /** Every table that depends on {@code id}, directly or not, in dependency order. */
    public List<CatalogTable> allDownstreams(String id) {
        return closure(id, t -> downstreams.get(t.id()));
    }

    private List<CatalogTable> closure(String id, Function<CatalogTable, List<CatalogTable>> next) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<CatalogTable> todo = new ArrayDeque<>(next.apply(get(id)));
        while (!todo.isEmpty()) {
            CatalogTable t = todo.pop();
            if (seen.add(t.id())) {
                todo.addAll(next.apply(t));
            }
        }
        return byId.values().stream().filter(t -> seen.contains(t.id())).toList();
    }

    /**
     * The tables grouped so that each group depends only on earlier groups: with the standard catalog,
     * [bronze tables], [silver_trades], [six gold tables]. Tables of one group can run in parallel.
     */
    public List<List<CatalogTable>> topologicalLayers() {
        return topologicalLayers;
    }

    /** One line for logs, e.g. {@code 9 tables: bronze [a, b] -> silver [c] -> gold [...]}. */
    public String describe() {
        return size() + " tables: " + topologicalLayers.stream()
                .map(level -> level.stream().map(CatalogTable::id).collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(" -> "));
    }

    @Override
    public String toString() {
        return "TableCatalog{" + describe() + "}";
    }
}
