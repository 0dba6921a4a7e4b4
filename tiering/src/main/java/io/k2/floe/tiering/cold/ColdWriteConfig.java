package io.k2.floe.tiering.cold;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How cold data files are written (prefix {@code floe.cold}). */
@ConfigMapping(prefix = "floe.cold")
public interface ColdWriteConfig {

    /** 128 MiB, SPEC R-TABLES. */
    long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;

    /**
     * Size at which a data file is closed and the next one started, in bytes; set as the tables'
     * {@code write.target-file-size-bytes}. Default: {@code 134217728} (128 MiB; env {@code FLOE_COLD_TARGET_FILE_SIZE_BYTES}).
     */
    @WithDefault("134217728")
    long targetFileSizeBytes();
}
