package io.chorus.cpg.internal;

import static org.junit.Assert.assertEquals;

import io.chorus.api.client.GatewayConnection;
import io.chorus.api.cpg.CpgClient;
import io.chorus.api.cpg.Cpg;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgGuarantee;
import io.chorus.api.cpg.CpgProtocol;
import io.chorus.api.spi.ClientCredentials;
import io.chorus.api.spi.ClientSession;
import io.chorus.api.spi.ClientSink;
import io.chorus.api.wire.LittleEndian;
import io.chorus.totem.pg.TotemPgGroup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * The CPG exec messages as they leave the executive for totempg, byte for byte against corosync-wire.md
 * §1.11, and a C node's message (garbage in its padding) read correctly.
 */
public class CpgWireTest {

    /** Totem MCAST header (45) + totempg header (8) + one length entry (2): what wraps a lone message. */
    private static final int DATAGRAM_OVERHEAD = 45 + 8 + 2;

    private static final class NullSink implements ClientSink {
        @Override
        public void respond(int fn, ByteBuffer response) {
        }

        @Override
        public void dispatch(int fn, ByteBuffer callback) {
        }

        @Override
        public void closed() {
        }
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertZero(byte[] m, int from, int to) {
        for (int i = from; i < to; i++) {
            assertEquals("byte " + i, 0, m[i]);
        }
    }

    @Test
    public void procJoinIs168BytesAtCorosyncsOffsets() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        CpgCluster.Node n = c.node(1);
        ClientSession s = n.gateway.open("corosync_cpg", new ClientCredentials(1234, 0, 0), new NullSink());
        int before = n.recording.sentOnA().size();
        n.gateway.request(s, CpgProtocol.JOIN, CpgProtocol.nameRequest(CpgGroup.named("g")));
        assertEquals(before + 1, n.recording.sentOnA().size());
        byte[] m = n.recording.sentOnA().get(before);

        assertEquals(168, m.length);
        ByteBuffer b = le(m);
        assertEquals(0x00020000, b.getInt(0));
        assertEquals(168, b.getInt(8));
        assertZero(m, 4, 8);
        assertZero(m, 12, 16);
        assertEquals(1, b.getInt(16)); // name length
        assertZero(m, 20, 24);
        assertEquals('g', m[24]);
        assertZero(m, 25, 152); // zero fill: C nodes use the value as a NUL-terminated key
        assertEquals(1234, b.getInt(152));
        assertZero(m, 156, 160);
        assertEquals(1, b.getInt(160)); // reason JOIN
        assertZero(m, 164, 168);
        assertEquals("the capture's PROCJOIN datagram", 228,
                DATAGRAM_OVERHEAD + TotemPgGroup.A.headerLength() + m.length);
    }

    @Test
    public void mcastHeaderIs184BytesAndCarriesTheSourceNode() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        CpgCluster.Node n = c.node(2);
        ClientSession s = n.gateway.open("cpg", new ClientCredentials(777, 0, 0), new NullSink());
        n.gateway.request(s, CpgProtocol.JOIN, CpgProtocol.nameRequest(CpgGroup.named("grp")));
        c.run(500);
        int before = n.recording.sentOnA().size();
        byte[] data = "hello, world!!!".getBytes(StandardCharsets.US_ASCII);
        n.gateway.request(s, CpgProtocol.MCAST,
                CpgProtocol.mcastRequest(CpgGuarantee.AGREED, ByteBuffer.wrap(data), data.length));
        byte[] m = n.recording.sentOnA().get(before);

        assertEquals(184 + 15, m.length);
        ByteBuffer b = le(m);
        assertEquals(0x00020003, b.getInt(0));
        assertEquals(199, b.getInt(8));
        assertEquals(3, b.getInt(16));
        assertEquals("grp", new String(m, 24, 3, StandardCharsets.US_ASCII));
        assertZero(m, 27, 152);
        assertEquals(15, b.getInt(152)); // msglen
        assertEquals(777, b.getInt(160)); // pid
        assertEquals(2, b.getInt(168)); // source nodeid
        assertZero(m, 172, 184); // pad + conn
        assertEquals("hello, world!!!", new String(m, 184, 15, StandardCharsets.US_ASCII));
        assertEquals("the capture's 15-byte cpg MCAST datagram", 259,
                DATAGRAM_OVERHEAD + TotemPgGroup.A.headerLength() + m.length);
    }

    @Test
    public void joinlistAndDownlistLayouts() {
        List<ProcessTable.Entry> entries = List.of(new ProcessTable.Entry(CpgGroup.named("g"), 1, 1234),
                new ProcessTable.Entry(CpgGroup.named("hh"), 1, 99));
        ByteBuffer j = CpgWire.joinList(entries);
        assertEquals(24 + 144 * 2 - 16, j.remaining()); // body: the executive adds the 16-byte header
        assertEquals(0, j.getInt(0)); // error
        assertEquals(1234, j.getInt(8));
        assertEquals(1, j.getInt(16));
        assertEquals('g', j.get(24));
        assertEquals(99, j.getInt(8 + 144));
        assertEquals(2, j.getInt(16 + 144));
        ByteBuffer d = CpgWire.downlist(3, new int[] {3});
        assertEquals(1568 - 16, d.remaining());
        assertEquals(3, d.getInt(0));
        assertEquals(1, d.getInt(8));
        assertEquals(3, d.getInt(16));
    }

    @Test
    public void aCorosyncMcastWithGarbagePaddingIsReadByOffset() throws Exception {
        CpgCluster c = new CpgCluster().startAll(1, 2);
        CpgCluster.Handle a = c.open(1);
        Recorder seen = a.seen;
        a.cpg.join(CpgGroup.named("g"));
        c.deliverAll();
        int pid = seen.confchgs.get(0).joined().get(0).pid();
        // As C builds it: padding holds whatever was on the stack (the capture shows ff 7f 00 00).
        ByteBuffer body = LittleEndian.allocate(168 + 3);
        byte[] garbage = {(byte) 0xff, 0x7f, 0, 0};
        for (int off : new int[] {4, 140, 148, 156}) {
            body.put(off, garbage);
        }
        body.putInt(0, 1).put(8, (byte) 'g');
        for (int i = 9; i < 136; i++) {
            body.put(i, (byte) 0); // C zero-fills the name (we rely on length only anyway)
        }
        body.putInt(136, 3).putInt(144, pid).putInt(152, 1).putLong(160, 0x7fff12345678L);
        body.put(168, "abc".getBytes(StandardCharsets.US_ASCII));
        c.node(1).engine.deliver(CpgWire.MCAST, 1, body);
        c.dispatchAll();
        assertEquals(List.of("1/" + pid + ":abc"), seen.texts());
    }

    @Test
    public void theSameClientWorksOverAnyEngineConnection() throws Exception {
        // CpgClient only sees EngineConnection: here the in-container one, opened by alias.
        CpgCluster c = new CpgCluster().startAll(1);
        Recorder r = new Recorder();
        GatewayConnection conn = GatewayConnection.open(c.node(1).gateway, "corosync_cpg",
                (monitor, done, t) -> c.network.runUntil(done, t < 0 ? 60_000 : t));
        try (Cpg cpg = CpgClient.open(conn, r)) {
            assertEquals(1, cpg.localGet());
            assertEquals(CpgProtocol.MAX_ATOMIC_MESSAGE, cpg.maxAtomicMessageSize());
        }
    }

    @Test
    public void aDeliveredNameEqualToTheLastIsTheLastGroupAndAnotherIsDecoded() throws Exception {
        CpgGroup last = CpgGroup.named("cpg_bm");
        ByteBuffer same = CpgWire.mcastHeader(CpgGroup.named("cpg_bm"), 64, 7, 1);
        ByteBuffer other = CpgWire.mcastHeader(CpgGroup.named("cpg_bn"), 64, 7, 1);
        org.junit.Assert.assertSame(last, CpgWire.name(same, 0, last));
        CpgGroup decoded = CpgWire.name(other, 0, last);
        org.junit.Assert.assertNotSame(last, decoded);
        org.junit.Assert.assertEquals(CpgGroup.named("cpg_bn"), decoded);
        org.junit.Assert.assertEquals(CpgWire.name(same, 0), CpgWire.name(same, 0, null));
    }
}
