package dev.jrec.formats.schema;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The Parquet schema of format 1.x, built from {@link Column}. */
public final class CaptureSchema {
    public static final String MESSAGE_NAME = "jrec_capture";
    public static final MessageType MESSAGE = build();

    private CaptureSchema() {}

    private static MessageType build() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : Column.values()) b.addField(field(c));
        return b.named(MESSAGE_NAME);
    }

    private static Type field(Column c) {
        Type.Repetition rep = c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
        return switch (c.type()) {
            case INT32 -> Types.primitive(PrimitiveTypeName.INT32, rep).named(c.id());
            case INT64 -> Types.primitive(PrimitiveTypeName.INT64, rep).named(c.id());
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep)
                    .as(LogicalTypeAnnotation.stringType()).named(c.id());
            case STRING_LIST -> Types.optionalList()
                    .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(c.id());
            case INT64_LIST -> Types.optionalList()
                    .requiredElement(PrimitiveTypeName.INT64)
                    .named(c.id());
        };
    }
}
