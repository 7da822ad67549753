package dev.jrec.formats.read;

import dev.jrec.formats.schema.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/** Materializes capture rows as {@link CapturedEvent}s; columns this version does not know are not read. */
final class EventMaterializer {
    private EventMaterializer() {}

    /** The file's schema restricted to the columns this reader knows. */
    static MessageType projection(MessageType file) {
        List<Type> known = new ArrayList<>();
        for (Column c : Column.values()) if (file.containsField(c.id())) known.add(file.getType(c.id()));
        return new MessageType(file.getName(), known);
    }

    static RecordMaterializer<CapturedEvent> forSchema(MessageType requested) {
        return new Materializer(requested);
    }

    private static final class Materializer extends RecordMaterializer<CapturedEvent> {
        private final Row root;

        Materializer(MessageType schema) {
            root = new Row(schema);
        }

        @Override
        public CapturedEvent getCurrentRecord() {
            return new CapturedEvent(root.kind, root.ts, root.values);
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private static final class Row extends GroupConverter {
        private final Converter[] fields;
        Object[] values;
        long ts;
        String kind;

        Row(MessageType schema) {
            fields = new Converter[schema.getFieldCount()];
            for (int i = 0; i < fields.length; i++) {
                Type t = schema.getType(i);
                Column c = Column.valueOf(t.getName().toUpperCase(java.util.Locale.ROOT));
                fields[i] = switch (c.type()) {
                    case INT32, INT64, STRING -> new Scalar(c);
                    case STRING_LIST, INT64_LIST -> new ListField(c, t.asGroupType());
                };
            }
        }

        @Override
        public Converter getConverter(int i) {
            return fields[i];
        }

        @Override
        public void start() {
            values = new Object[Column.count()];
        }

        @Override
        public void end() {}

        private final class Scalar extends PrimitiveConverter {
            private final Column c;

            Scalar(Column c) {
                this.c = c;
            }

            @Override
            public void addInt(int v) {
                values[c.ordinal()] = v;
            }

            @Override
            public void addLong(long v) {
                if (c == Column.TS) ts = v;
                else values[c.ordinal()] = v;
            }

            @Override
            public void addBinary(Binary v) {
                if (c == Column.KIND) kind = v.toStringUsingUTF8();
                else values[c.ordinal()] = v.toStringUsingUTF8();
            }
        }

        /** The standard 3-level list: field → repeated group "list" → "element". */
        private final class ListField extends GroupConverter {
            private final Column c;
            private final GroupConverter repeated;
            private final List<Object> items = new ArrayList<>();

            ListField(Column c, GroupType type) {
                this.c = c;
                PrimitiveConverter element = new PrimitiveConverter() {
                    @Override
                    public void addLong(long v) {
                        items.add(v);
                    }

                    @Override
                    public void addBinary(Binary v) {
                        items.add(v.toStringUsingUTF8());
                    }
                };
                this.repeated = new GroupConverter() {
                    private boolean got;

                    @Override
                    public Converter getConverter(int i) {
                        return new PrimitiveConverter() {
                            @Override
                            public void addLong(long v) {
                                got = true;
                                element.addLong(v);
                            }

                            @Override
                            public void addBinary(Binary v) {
                                got = true;
                                element.addBinary(v);
                            }
                        };
                    }

                    @Override
                    public void start() {
                        got = false;
                    }

                    @Override
                    public void end() {
                        if (!got) items.add(null);
                    }
                };
            }

            @Override
            public Converter getConverter(int i) {
                return repeated;
            }

            @Override
            public void start() {
                items.clear();
            }

            @Override
            public void end() {
                if (c.type() == dev.jrec.formats.schema.ColumnType.INT64_LIST) {
                    long[] a = new long[items.size()];
                    for (int i = 0; i < a.length; i++) a[i] = (Long) items.get(i);
                    values[c.ordinal()] = a;
                } else {
                    values[c.ordinal()] = java.util.Collections.unmodifiableList(new ArrayList<>(items));
                }
            }
        }
    }
}
