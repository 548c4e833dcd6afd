package io.chorus.quorum.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.chorus.api.ChorusError;
import io.chorus.api.quorum.QuorumProtocol;
import io.chorus.api.quorum.QuorumProvider;
import io.chorus.api.spi.ResponseStatus;
import io.chorus.api.wire.LittleEndian;
import io.chorus.executive.Executive;
import io.chorus.executive.memory.MemoryCluster;
import io.chorus.executive.memory.RecordingSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The quorum facade on an in-memory executive: FREE without a provider, relaying a provider's changes. */
public class QuorumEngineTest {

    /** A provider the test flips (votequorum's decisions are tested in its own bundle). */
    static final class Switch implements QuorumProvider {
        boolean quorate = true;
        final List<Runnable> listeners = new ArrayList<>();

        @Override
        public boolean quorate() {
            return quorate;
        }

        @Override
        public long ringSeq() {
            return 8;
        }

        @Override
        public int[] members() {
            return new int[] {1, 2};
        }

        @Override
        public void addListener(Runnable l) {
            listeners.add(l);
        }

        @Override
        public void removeListener(Runnable l) {
            listeners.remove(l);
        }

        void set(boolean q) {
            quorate = q;
            listeners.forEach(Runnable::run);
        }
    }

    @Test
    public void freeWithoutProviderThenRelaysTheProvider() {
        MemoryCluster cluster = new MemoryCluster();
        QuorumEngine engine = new QuorumEngine();
        Executive ex = cluster.start(1, node -> node.executive().addEngine(engine)).executive();
        assertTrue(cluster.settle(1));

        RecordingSession s = new RecordingSession();
        ex.openSession(QuorumEngine.INFO.id(), s);
        ex.request(s, QuorumProtocol.GETTYPE, ByteBuffer.allocate(0));
        ex.request(s, QuorumProtocol.GETQUORATE, ByteBuffer.allocate(0));
        assertEquals(ChorusError.OK, ResponseStatus.read(s.responses().get(0)));
        assertEquals(QuorumProtocol.TYPE_FREE, s.responses().get(0).getInt(4));
        assertEquals(1, s.responses().get(1).getInt(4));

        Switch provider = new Switch();
        engine.setProvider(provider);
        cluster.run(10);
        ex.request(s, QuorumProtocol.TRACKSTART,
                LittleEndian.ints(QuorumProtocol.TRACK_CURRENT | QuorumProtocol.TRACK_CHANGES));
        assertEquals(1, s.callbacks().size());
        provider.set(false);
        assertEquals(2, s.callbacks().size());
        ByteBuffer cb = s.callbacks().get(1);
        assertEquals(0, cb.getInt(0));
        assertEquals(8, cb.getLong(4));
        assertEquals(2, cb.getInt(12));
        ex.request(s, QuorumProtocol.GETQUORATE, ByteBuffer.allocate(0));
        assertEquals("getquorate is served while inquorate", 0, s.responses().get(s.responses().size() - 1).getInt(4));
        ex.request(s, QuorumProtocol.TRACKSTOP, ByteBuffer.allocate(0));
        provider.set(true);
        assertEquals(2, s.callbacks().size());
    }
}
