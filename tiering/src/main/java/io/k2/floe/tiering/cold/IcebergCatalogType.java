package io.k2.floe.tiering.cold;

/** Kinds of Iceberg catalog Floe can use (R-CATALOG, docs/requirements.md). */
public enum IcebergCatalogType {
    /** Iceberg JDBC catalog, tables listed in a PostgreSQL database. */
    JDBC,
    /** Iceberg REST catalog. */
    REST
}
