package io.chorus.transport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FileRingIdStoreTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void missingFileReadsAsZero() {
        assertEquals(0, new FileRingIdStore(tmp.getRoot().toPath()).load(3));
    }

    @Test
    public void storesEightLittleEndianBytesPerNodeid() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("state");
        FileRingIdStore store = new FileRingIdStore(dir);
        store.store(3, 0x1234L);
        store.store(4, 0x10L);
        assertArrayEquals(new byte[] {0x34, 0x12, 0, 0, 0, 0, 0, 0}, Files.readAllBytes(dir.resolve("ringid_3")));
        assertEquals(0x1234L, new FileRingIdStore(dir).load(3));
        assertEquals(0x10L, new FileRingIdStore(dir).load(4));
        store.store(3, 0x1238L);
        assertEquals(0x1238L, store.load(3));
    }

    @Test
    public void aFileOfTheWrongSizeReadsAsZero() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.write(dir.resolve("ringid_7"), new byte[] {1, 2, 3});
        assertEquals(0, new FileRingIdStore(dir).load(7));
    }
}
