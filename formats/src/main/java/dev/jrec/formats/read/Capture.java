package dev.jrec.formats.read;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.Column;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * An open capture file, in the manner of {@code jdk.jfr.consumer.RecordingFile}:
 *
 * <pre>{@code
 * try (Capture c = Capture.open(path);
 *      EventStream events = c.events(EventFilter.kinds(EventKind.SCHED_SWITCH).between(t0, t1))) {
 *     for (CapturedEvent e : events) System.out.println(e.comm() + " " + e.getLong(Column.DUR_NS));
 * }
 * }</pre>
 *
 * Opening validates the file (see {@link CaptureProbe}) and reads only its footer.
 */
public final class Capture implements AutoCloseable {
    private final Path path;
    private final CaptureMetadata metadata;

    private Capture(Path path, CaptureMetadata metadata) {
        this.path = path;
        this.metadata = metadata;
    }

    /** @throws CaptureFormatException with a one-line message when the file is not a readable capture */
    public static Capture open(Path path) throws IOException {
        return new Capture(path, CaptureProbe.probe(path));
    }

    /** Every row of the capture, in file order. Meant for tests and small captures. */
    public static List<CapturedEvent> readAllEvents(Path path) throws IOException {
        try (Capture c = open(path); EventStream s = c.events(EventFilter.ALL)) {
            List<CapturedEvent> out = new ArrayList<>();
            s.forEach(out::add);
            return out;
        }
    }

    public Path path() {
        return path;
    }

    public CaptureMetadata metadata() {
        return metadata;
    }

    /** Streams the rows that pass {@code filter}, in file order (ts order within each row group). */
    public EventStream events(EventFilter filter) throws IOException {
        FilterCompat.Filter f = predicate(filter);
        return new EventStream(ParquetFileReader.open(LocalFiles.input(path), ParquetOptions.read(f)), f);
    }

    private static FilterCompat.Filter predicate(EventFilter f) {
        FilterPredicate p = null;
        if (f.fromNs() != Long.MIN_VALUE) p = FilterApi.gtEq(FilterApi.longColumn(Column.TS.id()), f.fromNs());
        if (f.toNs() != Long.MAX_VALUE) p = and(p, FilterApi.lt(FilterApi.longColumn(Column.TS.id()), f.toNs()));
        if (!f.allKinds()) {
            Set<Binary> ids = f.kinds().stream().map(k -> Binary.fromString(k.id())).collect(Collectors.toSet());
            p = and(p, FilterApi.in(FilterApi.binaryColumn(Column.KIND.id()), ids));
        }
        return p == null ? FilterCompat.NOOP : FilterCompat.get(p);
    }

    private static FilterPredicate and(FilterPredicate a, FilterPredicate b) {
        return a == null ? b : FilterApi.and(a, b);
    }

    @Override
    public void close() {}

    /** A one-pass stream of rows; close it to release the file. */
    public static final class EventStream implements Iterable<CapturedEvent>, AutoCloseable {
        private final ParquetFileReader file;
        private final FilterCompat.Filter filter;
        private final MessageColumnIO columns;
        private final RecordMaterializer<CapturedEvent> materializer;
        private RecordReader<CapturedEvent> rows;
        private long remaining;
        private boolean iterated;

        EventStream(ParquetFileReader file, FilterCompat.Filter filter) {
            this.file = file;
            this.filter = filter;
            MessageType schema = file.getFooter().getFileMetaData().getSchema();
            MessageType requested = EventMaterializer.projection(schema);
            file.setRequestedSchema(requested);
            this.columns = new ColumnIOFactory(file.getFooter().getFileMetaData().getCreatedBy()).getColumnIO(requested, schema, true);
            this.materializer = EventMaterializer.forSchema(requested);
        }

        @Override
        public Iterator<CapturedEvent> iterator() {
            if (iterated) throw new IllegalStateException("an EventStream can be iterated once");
            iterated = true;
            return new Iterator<>() {
                private CapturedEvent next = read();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public CapturedEvent next() {
                    if (next == null) throw new NoSuchElementException();
                    CapturedEvent e = next;
                    next = read();
                    return e;
                }
            };
        }

        /** Next row passing the filter, or null at the end; row groups the filter excludes are never read. */
        private CapturedEvent read() {
            try {
                while (true) {
                    if (remaining == 0) {
                        PageReadStore pages = file.readNextFilteredRowGroup();
                        if (pages == null) return null;
                        rows = columns.getRecordReader(pages, materializer, filter);
                        remaining = pages.getRowCount();
                        continue;
                    }
                    remaining--;
                    CapturedEvent e = rows.read();
                    if (e != null && !rows.shouldSkipCurrentRecord()) return e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
