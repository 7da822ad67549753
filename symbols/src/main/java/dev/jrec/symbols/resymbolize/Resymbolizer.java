package dev.jrec.symbols.resymbolize;

import dev.jrec.symbols.demangle.Demangler;
import dev.jrec.symbols.elf.ElfFile;
import dev.jrec.symbols.elf.SymbolTable;
import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureRewriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Names the frames a recording could not name, against debug files found later (jrec symbolize): each
 * unresolved frame kept its module's build-id and its file offset, which identify the instruction in
 * any copy of that build. Only frame rows change; everything else is copied as it is.
 */
public final class Resymbolizer {
    private Resymbolizer() {}

    /**
     * @param unresolved frames without a name before
     * @param named those named now
     * @param stillUnresolved frames left without a name, per module
     */
    public record Outcome(int unresolved, int named, Map<String, Integer> stillUnresolved) {}

    private record Name(String func, long offset) {}

    /** Rewrites {@code capture} into {@code out} (may be the same path) if any frame got a name. */
    public static Outcome run(Path capture, Path out, Path debugDir) throws IOException {
        DebugFiles debug = new DebugFiles(debugDir);
        Map<ElfFile, FileLayout> layouts = new java.util.IdentityHashMap<>();
        Map<Long, Name> names = new HashMap<>();
        Map<String, Integer> left = new TreeMap<>();
        int unresolved = 0;
        Map<String, String> footer;
        try (Capture c = Capture.open(capture); Capture.EventStream frames = c.events(EventFilter.kinds(EventKind.FRAME))) {
            footer = new LinkedHashMap<>(c.metadata().all());
            for (CapturedEvent f : frames) {
                if (f.has(Column.FUNC)) continue;
                unresolved++;
                Name n = resolve(debug, layouts, f);
                if (n != null) names.put(f.getLong(Column.FRAME_ID), n);
                else left.merge(f.has(Column.MODULE) ? f.getString(Column.MODULE) : "[unknown]", 1, Integer::sum);
            }
        }
        if (!names.isEmpty()) {
            update(footer, names.size(), left);
            footer.put(MetadataKeys.SYMBOLIZE_DEBUG_DIR, debugDir.toAbsolutePath().toString());
            CaptureRewriter.rewrite(capture, out, (in, b, r) -> {
                if (in.kind() != EventKind.FRAME || !in.has(Column.FRAME_ID)) return;
                Name n = names.get(in.getLong(Column.FRAME_ID));
                if (n != null) {
                    b.setString(Column.FUNC, r, n.func());
                    b.setLong(Column.FUNC_OFFSET, r, n.offset());
                }
            }, footer);
        }
        return new Outcome(unresolved, names.size(), left);
    }

    private static Name resolve(DebugFiles debug, Map<ElfFile, FileLayout> layouts, CapturedEvent f) {
        if (!f.has(Column.BUILD_ID) || !f.has(Column.FILE_OFFSET)) return null;
        Optional<ElfFile> elf = debug.find(f.getString(Column.BUILD_ID));
        if (elf.isEmpty()) return null;
        long vaddr = layouts.computeIfAbsent(elf.get(), FileLayout::new).vaddr(f.getLong(Column.FILE_OFFSET));
        if (vaddr < 0) return null;
        SymbolTable.Symbol s = elf.get().symbols().lookup(vaddr);
        return s == null ? null : new Name(Demangler.of(s.name()), vaddr - s.start());
    }

    /** The footer's frame counts, as if the recording had named these frames itself. */
    private static void update(Map<String, String> footer, int named, Map<String, Integer> left) {
        footer.computeIfPresent(MetadataKeys.STACKS_FRAMES_RESOLVED, (k, v) -> Long.toString(Long.parseLong(v) + named));
        footer.keySet().removeIf(k -> k.startsWith(MetadataKeys.STACKS_UNRESOLVED_PREFIX));
        left.forEach((module, n) -> footer.put(MetadataKeys.STACKS_UNRESOLVED_PREFIX + module, Integer.toString(n)));
        int before = Integer.parseInt(footer.getOrDefault(MetadataKeys.SYMBOLIZE_FRAMES, "0"));
        footer.put(MetadataKeys.SYMBOLIZE_FRAMES, Integer.toString(before + named));
    }
}
