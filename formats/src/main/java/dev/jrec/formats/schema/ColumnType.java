package dev.jrec.formats.schema;

/** Physical shape of a capture column; every column but {@code ts} and {@code kind} is nullable. */
public enum ColumnType {
    INT32,
    INT64,
    STRING,
    /** LIST of STRING (3-level Parquet list, read by DuckDB as VARCHAR[]). */
    STRING_LIST,
    /** LIST of INT64 (read by DuckDB as BIGINT[]). */
    INT64_LIST
}
