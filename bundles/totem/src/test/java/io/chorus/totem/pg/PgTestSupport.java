package io.chorus.totem.pg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Fakes and helpers shared by the totempg tests. */
final class PgTestSupport {

    static final int MAX_PAYLOAD = 1410; // netmtu 1500 - 90

    private PgTestSupport() {
    }

    /** A send queue that records copies of the packets and has a settable number of free slots. */
    static final class FakeSink implements PacketSink {
        final List<byte[]> packets = new ArrayList<>();
        int free = Integer.MAX_VALUE;

        @Override
        public boolean send(ByteBuffer packet) {
            if (free <= 0) {
                return false;
            }
            byte[] copy = new byte[packet.remaining()];
            packet.duplicate().get(copy);
            packets.add(copy);
            if (free != Integer.MAX_VALUE) {
                free--;
            }
            return true;
        }

        @Override
        public int free() {
            return free;
        }

        List<byte[]> drain() {
            List<byte[]> out = new ArrayList<>(packets);
            packets.clear();
            return out;
        }
    }

    record Received(int sender, String group, byte[] bytes) {
    }

    /** Records copies of delivered messages, checking the buffer contract on the way. */
    static final class Recorder implements TotemPgListener {
        final List<Received> messages = new ArrayList<>();
        final List<io.chorus.totem.ConfigurationChange> changes = new ArrayList<>();

        @Override
        public void deliver(int senderNodeId, TotemPgGroup group, ByteBuffer message) {
            if (message.order() != ByteOrder.LITTLE_ENDIAN) {
                throw new AssertionError("message buffer must be little-endian");
            }
            byte[] copy = new byte[message.remaining()];
            message.get(copy); // moves the position on purpose: the router must restore it
            messages.add(new Received(senderNodeId, group.name(), copy));
        }

        @Override
        public void configurationChange(io.chorus.totem.ConfigurationChange change) {
            changes.add(change);
        }
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + (i >>> 8));
        }
        return b;
    }

    static byte[] hex(String text) {
        String s = text.replaceAll("[^0-9a-fA-F]", "");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static int u16(byte[] p, int at) {
        return (p[at] & 0xFF) | (p[at + 1] & 0xFF) << 8;
    }

    static int fragmented(byte[] p) {
        return p[4] & 0xFF;
    }

    static int continuation(byte[] p) {
        return p[5] & 0xFF;
    }

    static int count(byte[] p) {
        return u16(p, 6);
    }

    static int[] lengths(byte[] p) {
        int[] l = new int[count(p)];
        for (int i = 0; i < l.length; i++) {
            l[i] = u16(p, 8 + 2 * i);
        }
        return l;
    }

    /** Builds a raw totempg packet (for receive-side tests), messages given whole. */
    static byte[] packet(int fragmented, int continuation, byte[]... messages) {
        int size = 8 + 2 * messages.length;
        for (byte[] m : messages) {
            size += m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 0).put((byte) fragmented).put((byte) continuation)
                .putShort((short) messages.length);
        for (byte[] m : messages) {
            b.putShort((short) m.length);
        }
        for (byte[] m : messages) {
            b.put(m);
        }
        return b.array();
    }

    /** A whole message of group "a" with the given application bytes. */
    static byte[] groupA(byte[] app) {
        byte[] m = new byte[5 + app.length];
        m[0] = 1;
        m[2] = 1;
        m[4] = 'a';
        System.arraycopy(app, 0, m, 5, app.length);
        return m;
    }

    static byte[] slice(byte[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }
}
