package dev.jrec.formats.read;

import java.io.IOException;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Walks every page of every column chunk, checking each page's own CRC32 (which covers its compressed bytes, not
 * its header) and that the headers add up to the chunk the footer describes: what verifies a capture written
 * before the whole-file checksums, and what names the damaged page when a checksum fails.
 */
final class PageWalk {
    /** Pages walked, and those that had no CRC to check. */
    record Result(long pages, long unchecked) {}

    /**
     * Where the walk found damage, e.g. "page 4 of 7 of column 'wait_ns' in row group 3 of 12 fails its checksum";
     * {@code tsMin}/{@code tsMax} are the row group's span, from the footer's statistics, when known.
     */
    record Damage(String what, int rowGroup, Long tsMin, Long tsMax) {}

    private final SeekableInputStream in;
    private final List<BlockMetaData> groups;
    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[1 << 16];
    private long pages;
    private long unchecked;

    private PageWalk(SeekableInputStream in, List<BlockMetaData> groups) {
        this.in = in;
        this.groups = groups;
    }

    /** The first damage in file order, or null when every page checks out; {@code result} gets the counts. */
    static Damage walk(SeekableInputStream in, List<BlockMetaData> groups, Result[] result) throws IOException {
        PageWalk w = new PageWalk(in, groups);
        Damage d = w.all();
        if (result != null) result[0] = new Result(w.pages, w.unchecked);
        return d;
    }

    private Damage all() throws IOException {
        for (int g = 0; g < groups.size(); g++) {
            for (ColumnChunkMetaData chunk : groups.get(g).getColumns()) {
                Damage d = chunk(g, chunk);
                if (d != null) return d;
            }
        }
        return null;
    }

    private Damage chunk(int group, ColumnChunkMetaData chunk) throws IOException {
        long pos = chunk.getStartingPos(), end = pos + chunk.getTotalSize();
        long values = 0;
        int dataPages = 0;
        int badPage = 0; // the first page failing its CRC: 1-based data page, -1 the dictionary page, 0 none
        long badAt = 0;
        while (pos < end) {
            in.seek(pos);
            PageHeader h;
            try {
                h = Util.readPageHeader(in);
            } catch (IOException | RuntimeException e) {
                return damage(group, chunk, "the header of page " + (dataPages + 1) + " of", "is damaged", pos);
            }
            long body = in.getPos();
            int size = h.getCompressed_page_size();
            boolean dictionary = h.getType() == PageType.DICTIONARY_PAGE;
            if (size < 0 || body + size > end || (dictionary && (dataPages > 0 || pos != chunk.getStartingPos()))) {
                return damage(group, chunk, "the header of " + (dictionary ? "the dictionary page" : "page " + (dataPages + 1)) + " of",
                        "is damaged", pos);
            }
            if (!dictionary) dataPages++;
            if (h.getType() == PageType.DATA_PAGE && h.isSetData_page_header()) values += h.getData_page_header().getNum_values();
            else if (h.getType() == PageType.DATA_PAGE_V2 && h.isSetData_page_header_v2()) values += h.getData_page_header_v2().getNum_values();
            pages++;
            if (!h.isSetCrc()) {
                unchecked++;
            } else if (badPage == 0 && !crcMatches(body, size, h.getCrc())) {
                badPage = dictionary ? -1 : dataPages;
                badAt = pos;
            }
            pos = body + size;
        }
        if (badPage != 0) {
            return damage(group, chunk, badPage < 0 ? "the dictionary page of" : "page " + badPage + " of " + dataPages + " of",
                    "fails its checksum", badAt);
        }
        if (values != chunk.getValueCount()) {
            return damage(group, chunk, "the page headers of", "count " + values + " values where the footer says "
                    + chunk.getValueCount(), chunk.getStartingPos());
        }
        return null;
    }

    private boolean crcMatches(long at, int size, int expected) throws IOException {
        if (buf.length < size) buf = new byte[Math.max(size, buf.length * 2)];
        in.seek(at);
        in.readFully(buf, 0, size);
        crc.reset();
        crc.update(buf, 0, size);
        return (int) crc.getValue() == expected;
    }

    private Damage damage(int group, ColumnChunkMetaData chunk, String what, String how, long offset) {
        Long min = null, max = null;
        for (ColumnChunkMetaData c : groups.get(group).getColumns()) {
            if (c.getPath().toDotString().equals("ts") && c.getStatistics() != null && c.getStatistics().hasNonNullValue()
                    && c.getStatistics().genericGetMin() instanceof Long lo && c.getStatistics().genericGetMax() instanceof Long hi) {
                min = lo;
                max = hi;
            }
        }
        return new Damage(what + " column '" + chunk.getPath().toArray()[0] + "' in row group " + (group + 1) + " of " + groups.size()
                + " " + how + " (at byte " + offset + ")", group + 1, min, max);
    }
}
