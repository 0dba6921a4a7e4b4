package io.k2.floe.tiering.cold;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The Iceberg catalog and warehouse of the cold tier (prefix {@code floe.iceberg}; the table catalog is
 * {@code floe.catalog}, a different thing).
 */
@ConfigMapping(prefix = "floe.iceberg")
public interface IcebergCatalogConfig {

    /** Catalog kind, {@code jdbc} or {@code rest}. Default: {@code jdbc} (env {@code FLOE_CATALOG_TYPE}). */
    @WithDefault("jdbc")
    IcebergCatalogType catalogType();

    /**
     * Where the catalog is: a JDBC URL for {@code jdbc}, the REST catalog's base URL (the part before
     * {@code /v1/...}) for {@code rest}. Default: {@code jdbc:postgresql://127.0.0.1:15432/floe}
     * (env {@code FLOE_CATALOG_URI}, else {@code FLOE_JDBC_URL}).
     */
    @WithDefault("jdbc:postgresql://127.0.0.1:15432/floe")
    String catalogUri();

    /** Database user of the JDBC catalog. Default: {@code floe} (env {@code FLOE_PG_USER}). */
    @WithDefault("floe")
    String catalogUser();

    /** Database password of the JDBC catalog; a secret, never logged. Default: none (env {@code FLOE_PG_PASSWORD}). */
    Optional<String> catalogPassword();

    /** Bearer token for the REST catalog; a secret, never logged. Default: none (env {@code FLOE_CATALOG_TOKEN}). */
    Optional<String> catalogToken();

    /**
     * Name the catalog is opened under. The JDBC catalog keys its rows by it, so two names on one database are
     * two separate catalogs (tests and benchmarks use their own); keep it stable in production.
     * Default: {@code floe} (env {@code FLOE_CATALOG_NAME}).
     */
    @WithDefault(ColdCatalogs.DEFAULT_CATALOG_NAME)
    String catalogName();

    /**
     * Warehouse location: {@code s3://bucket/prefix} on the object store, or a local directory
     * ({@code file:///path} or a plain absolute path). Default: {@code s3://floe-warehouse/warehouse}
     * (env {@code FLOE_WAREHOUSE}).
     */
    @WithDefault("s3://floe-warehouse/warehouse")
    String warehouse();
}
