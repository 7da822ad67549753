package dev.jrec.formats.write;

import dev.jrec.formats.schema.CaptureSchema;
import dev.jrec.formats.schema.Column;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Encodes one row of an {@link EventBatch} per {@code write} call: the row is chosen by {@link #row}
 * before each call, so the hot path passes the same batch object and allocates nothing.
 */
final class BatchWriteSupport extends WriteSupport<EventBatch> {
    private static final int STRING_CACHE_LIMIT = 1 << 16;

    private final java.util.function.Supplier<Map<String, String>> footer;
    /** Strings repeat (comm, syscall names, kinds): encode each once. */
    private final HashMap<String, Binary> binaries = new HashMap<>();
    private RecordConsumer out;
    int row;

    /** {@code footer} is asked at close, so that a segment's footer carries totals up to its last row. */
    BatchWriteSupport(java.util.function.Supplier<Map<String, String>> footer) {
        this.footer = footer;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(CaptureSchema.MESSAGE, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(CaptureSchema.MESSAGE, Map.of());
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        return new FinalizedWriteContext(footer.get());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(EventBatch b) {
        int r = row;
        out.startMessage();
        field(Column.TS);
        out.addLong(b.ts(r));
        end(Column.TS);
        field(Column.KIND);
        out.addBinary(binary(b.kind(r).id()));
        end(Column.KIND);
        long rest = b.presence(r) & ~((1L << Column.TS.ordinal()) | (1L << Column.KIND.ordinal()));
        while (rest != 0) {
            int i = Long.numberOfTrailingZeros(rest);
            rest &= rest - 1;
            Column c = Column.at(i);
            field(c);
            switch (c.type()) {
                case INT32 -> out.addInteger(b.getInt(c, r));
                case INT64 -> out.addLong(b.getLong(c, r));
                case STRING -> out.addBinary(binary((String) b.getObject(c, r)));
                case STRING_LIST -> strings((String[]) b.getObject(c, r));
                case INT64_LIST -> longs((long[]) b.getObject(c, r));
            }
            end(c);
        }
        out.endMessage();
    }

    private void field(Column c) {
        out.startField(c.id(), c.ordinal());
    }

    private void end(Column c) {
        out.endField(c.id(), c.ordinal());
    }

    private void strings(String[] values) {
        out.startGroup();
        if (values.length > 0) {
            out.startField("list", 0);
            for (String v : values) {
                out.startGroup();
                if (v != null) {
                    out.startField("element", 0);
                    out.addBinary(Binary.fromString(v));
                    out.endField("element", 0);
                }
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
    }

    private void longs(long[] values) {
        out.startGroup();
        if (values.length > 0) {
            out.startField("list", 0);
            for (long v : values) {
                out.startGroup();
                out.startField("element", 0);
                out.addLong(v);
                out.endField("element", 0);
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
    }

    private Binary binary(String s) {
        Binary b = binaries.get(s);
        if (b == null) {
            if (binaries.size() >= STRING_CACHE_LIMIT) binaries.clear();
            b = Binary.fromConstantByteArray(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            binaries.put(s, b);
        }
        return b;
    }

    @Override
    public String getName() {
        return "jrec";
    }
}
