package io.k2.floe.tiering.warm;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI beans for reading the warm tier: one HTTP client per application (closed at shutdown), column
 * discovery and the RowBinary reader on top of it. Outside CDI, build them with {@link ClickHouseHttp#from}.
 */
@Singleton
public class WarmTierProducer {

    @Produces
    @Singleton
    ClickHouseHttp clickHouseHttp(ClickHouseConfig config) {
        return ClickHouseHttp.from(config);
    }

    void close(@Disposes ClickHouseHttp http) {
        http.close();
    }

    @Produces
    @Singleton
    WarmColumns warmColumns(ClickHouseHttp http) {
        return new WarmColumns(http);
    }

    @Produces
    @Singleton
    WarmReader warmReader(ClickHouseHttp http) {
        return new WarmReader(http);
    }
}
