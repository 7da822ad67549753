package dev.jrec.formats.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whom a capture is given to: the sudo caller only when root under sudo. */
class PrivateFilesTest {
    @Test
    void rootUnderSudoGivesFilesToTheCaller() {
        assertEquals(new PrivateFiles.Owner(1000, 1001), PrivateFiles.Owner.of(Map.of("SUDO_UID", "1000", "SUDO_GID", "1001"), 0));
    }

    @Test
    void anyoneElseKeepsThem() {
        assertEquals(PrivateFiles.Owner.SELF, PrivateFiles.Owner.of(Map.of("SUDO_UID", "1000", "SUDO_GID", "1000"), 1000), "not root");
        assertEquals(PrivateFiles.Owner.SELF, PrivateFiles.Owner.of(Map.of(), 0), "root without sudo");
        assertEquals(PrivateFiles.Owner.SELF, PrivateFiles.Owner.of(Map.of("SUDO_UID", "0"), 0), "sudo from root");
        assertEquals(PrivateFiles.Owner.SELF, PrivateFiles.Owner.of(Map.of("SUDO_UID", "nobody"), 0), "not a number");
    }
}
