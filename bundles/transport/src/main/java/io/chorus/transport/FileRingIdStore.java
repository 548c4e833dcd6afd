package io.chorus.transport;

import io.chorus.totem.RingIdStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring sequence in {@code <state_dir>/ringid_<nodeid>}: 8 bytes, the u64 in the host order Corosync writes
 * (little-endian on every platform Chorus runs on), rewritten at every commit. A missing file reads as 0; so does a
 * file of the wrong size (logged), as Corosync re-creates it.
 */
public final class FileRingIdStore implements RingIdStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileRingIdStore.class);

    private final Path dir;

    public FileRingIdStore(Path stateDir) {
        this.dir = stateDir;
    }

    public Path file(int nodeId) {
        return dir.resolve("ringid_" + Integer.toUnsignedString(nodeId));
    }

    @Override
    public long load(int nodeId) {
        Path f = file(nodeId);
        try {
            if (!Files.exists(f)) {
                return 0;
            }
            byte[] bytes = Files.readAllBytes(f);
            if (bytes.length != 8) {
                LOG.warn("{} has {} bytes instead of 8; starting from ring sequence 0", f, bytes.length);
                return 0;
            }
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); starting from ring sequence 0", f, e.toString());
            return 0;
        }
    }

    @Override
    public void store(int nodeId, long ringSeq) {
        Path f = file(nodeId);
        Path tmp = dir.resolve("ringid_" + Integer.toUnsignedString(nodeId) + ".tmp");
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, ringSeq);
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Never thrown into the core: the ring goes on, but a restart may have its joins ignored for a while.
            LOG.error("Couldn't store new ring id {} to stable storage: {}: {}", Long.toHexString(ringSeq), f, e.toString());
        }
    }
}
