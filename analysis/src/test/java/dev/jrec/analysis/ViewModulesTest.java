package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** View modules are defined after what they include, and include what they read. */
class ViewModulesTest {
    @Test
    void eachModuleComesAfterItsIncludes() {
        assertEquals(List.of("a", "c", "b", "d"), ViewModules.ordered(Map.of(
                "b", "-- b\n-- @include c\n", "c", "-- c\n-- @include a\n", "a", "-- a\n", "d", "-- d\n-- @include b\n-- @include a\n")));
    }

    @Test
    void aCycleIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> ViewModules.ordered(Map.of(
                "a", "-- @include b\n", "b", "-- @include c\n", "c", "-- @include a\n")));
        assertEquals("view modules include each other: a -> b -> c -> a", e.getMessage());
    }

    @Test
    void aMissingModuleIsNamed() {
        var e = assertThrows(IllegalStateException.class, () -> ViewModules.ordered(Map.of("a", "-- @include nope\n")));
        assertEquals("view module a includes nope, which does not exist (views/nope.sql)", e.getMessage());
    }

    @Test
    void everyModuleIsFoundAndOrdered() {
        assertEquals(Set.copyOf(SqlResources.names("views")), Set.copyOf(CaptureDb.MODULES));
        assertTrue(CaptureDb.MODULES.indexOf("process") < CaptureDb.MODULES.indexOf("histogram"), CaptureDb.MODULES.toString());
    }

    private static final Pattern DEFINES = Pattern.compile("CREATE OR REPLACE (?:VIEW|MACRO) (\\w+)");

    /** A module that reads a view or calls a macro of another module names that module, or one that includes it. */
    @Test
    void modulesIncludeWhatTheyRead() {
        Map<String, String> definedIn = new TreeMap<>();
        for (String m : CaptureDb.MODULES) {
            for (Matcher d = DEFINES.matcher(CaptureDb.module(m)); d.find(); ) definedIn.put(d.group(1), m);
        }
        for (String m : CaptureDb.MODULES) {
            String sql = CaptureDb.module(m).lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b).replaceAll("'[^']*'", "''");
            Set<String> reachable = reachable(m, new HashSet<>());
            for (var def : definedIn.entrySet()) {
                if (def.getValue().equals(m) || !sql.matches("(?s).*\\b" + def.getKey() + "\\b.*")) continue;
                assertTrue(reachable.contains(def.getValue()), "views/" + m + ".sql reads " + def.getKey() + " of module " + def.getValue() + ": add -- @include " + def.getValue());
            }
        }
    }

    private static Set<String> reachable(String module, Set<String> seen) {
        for (String inc : ViewModules.includes(CaptureDb.module(module))) if (seen.add(inc)) reachable(inc, seen);
        return seen;
    }
}
