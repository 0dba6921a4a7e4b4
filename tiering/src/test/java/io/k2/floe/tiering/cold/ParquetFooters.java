package io.k2.floe.tiering.cold;

import org.apache.iceberg.io.FileIO;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Reads the compression codecs recorded in a data file's Parquet footer, through the table's FileIO. */
final class ParquetFooters {

    private ParquetFooters() {
    }

    static Set<CompressionCodecName> codecs(FileIO io, String location) throws IOException {
        org.apache.iceberg.io.InputFile file = io.newInputFile(location);
        InputFile parquetFile = new InputFile() {
            public long getLength() {
                return file.getLength();
            }

            public SeekableInputStream newStream() {
                org.apache.iceberg.io.SeekableInputStream in = file.newStream();
                return new DelegatingSeekableInputStream(in) {
                    public long getPos() throws IOException {
                        return in.getPos();
                    }

                    public void seek(long newPos) throws IOException {
                        in.seek(newPos);
                    }
                };
            }
        };
        Set<CompressionCodecName> codecs = new HashSet<>();
        try (ParquetFileReader reader = ParquetFileReader.open(parquetFile)) {
            reader.getFooter().getBlocks().forEach(block -> {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    codecs.add(column.getCodec());
                }
            });
        }
        return codecs;
    }
}
