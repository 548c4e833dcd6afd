package io.chorus.totem.pg;

import static io.chorus.totem.pg.TotemPgPacket.HEADER;
import static io.chorus.totem.pg.TotemPgPacket.LENGTH_ENTRY;
import static io.chorus.totem.pg.TotemPgPacket.MAX_FRAGMENT_ID;

import io.chorus.totem.pg.TotemPgCounters.Counter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The send side of totempg: turns group messages into totempg packets for the SRP send queue.
 *
 * <p>Each message is its group header followed by the application bytes. Messages are appended to the
 * packet being filled; a message that does not fit in the room left is split there, the packet goes out
 * marked {@code fragmented=id} and the rest continues in the next packet, marked {@code continuation=id}
 * (ids 1..255, cycling, one sequence per sender). Filling every packet to the brim is what Corosync does,
 * so a 1573-byte message in an empty 1410-byte packet goes out as {@code [1400]} then {@code [173]}:
 * 8 header bytes + 2 for the one length + 1400 data = 1410. A packet goes to the sink as soon as it is full
 * (no room for another length entry and one byte), and a partly filled one when the token arrives
 * ({@link #flush()}), so small messages sent between two token visits share packets.
 *
 * <p>Admission is all or nothing: {@link #mcast} first computes how many packets the message will occupy
 * (the partly filled packet included, since it will need a queue slot too) and refuses the whole message
 * when the sink has fewer free slots, so a large message is never queued half.
 *
 * <p>Nothing here allocates per message: message bytes are copied into one reused data area, each packet's
 * header and length table are written into one reused buffer, and the sink copies the two into its frame.
 */
public final class TotemPgPacker {

    private final int maxPayload;
    private final PacketSink sink;
    private final TotemPgCounters counters;

    /** Data bytes of the packet being filled, and the lengths of its messages (the last may still be open). */
    private final byte[] data;
    private int dataLength;
    private final int[] lengths;
    /** Closed messages (or pieces) in the packet being filled. */
    private int count;
    /** Non-zero when the first message of the packet being filled is the rest of fragment {@code continuation}. */
    private int continuation;
    private int nextFragmentId = 1;
    private boolean splitThisMessage;

    /** The packet's header and length table; its data follow from {@link #data} (the sink joins the two). */
    private final byte[] packet;
    private final ByteBuffer packetBuffer;
    private final ByteBuffer dataBuffer;

    /**
     * @param maxPayload the largest packet the sink takes ({@code TotemParameters.maxPayload()}, 1410 at
     *                   netmtu 1500)
     */
    public TotemPgPacker(int maxPayload, PacketSink sink, TotemPgCounters counters) {
        if (maxPayload < HEADER + LENGTH_ENTRY + 8 || maxPayload > 0xFFFF) {
            throw new IllegalArgumentException("maxPayload " + maxPayload + " out of range");
        }
        this.maxPayload = maxPayload;
        this.sink = sink;
        this.counters = counters;
        this.data = new byte[maxPayload - HEADER - LENGTH_ENTRY];
        this.lengths = new int[(maxPayload - HEADER) / LENGTH_ENTRY];
        this.packet = new byte[HEADER + LENGTH_ENTRY * lengths.length];
        this.packetBuffer = ByteBuffer.wrap(packet);
        this.dataBuffer = ByteBuffer.wrap(data);
    }

    /** Largest message (group header included) one packet can carry whole: 1400 at netmtu 1500. */
    public int singlePacketCapacity() {
        return maxPayload - HEADER - LENGTH_ENTRY;
    }

    /**
     * How many packets of queue space a message of {@code messageBytes} (group header included) needs now,
     * counting the partly filled packet it would share.
     */
    public int packetsNeeded(int messageBytes) {
        int room = roomForOpenMessage();
        if (messageBytes <= room) {
            return 1;
        }
        int rest = messageBytes - room;
        int perPacket = singlePacketCapacity();
        return 1 + (rest + perPacket - 1) / perPacket;
    }

    /** Whether {@link #mcast} would take this message now. */
    public boolean canAccept(TotemPgGroup group, int applicationBytes) {
        return applicationBytes <= TotemPg.MAX_MESSAGE_SIZE
                && packetsNeeded(group.headerLength() + applicationBytes) <= sink.free();
    }

    /**
     * Packs one message of {@code group} made of the remaining bytes of {@code iov} (like an iovec; the
     * buffers' positions are not moved). Either the whole message is accepted or none of it.
     */
    public McastResult mcast(TotemPgGroup group, ByteBuffer... iov) {
        long applicationBytes = 0;
        for (ByteBuffer b : iov) {
            applicationBytes += b.remaining();
        }
        McastResult admitted = admit(group, applicationBytes);
        if (admitted != McastResult.OK) {
            return admitted;
        }
        openMessage(group);
        for (ByteBuffer b : iov) {
            write(b);
        }
        closeMessage();
        return McastResult.OK;
    }

    /** The one-buffer case without the varargs array, for the allocation-free path. */
    public McastResult mcast(TotemPgGroup group, ByteBuffer message) {
        McastResult admitted = admit(group, message.remaining());
        if (admitted != McastResult.OK) {
            return admitted;
        }
        openMessage(group);
        write(message);
        closeMessage();
        return McastResult.OK;
    }

    private McastResult admit(TotemPgGroup group, long applicationBytes) {
        if (applicationBytes > TotemPg.MAX_MESSAGE_SIZE) {
            return McastResult.TOO_LARGE;
        }
        if (packetsNeeded(group.headerLength() + (int) applicationBytes) > sink.free()) {
            counters.increment(Counter.MESSAGES_REFUSED);
            return McastResult.TRY_AGAIN;
        }
        return McastResult.OK;
    }

    private void openMessage(TotemPgGroup group) {
        splitThisMessage = false;
        byte[] header = group.header();
        write(header, 0, header.length);
    }

    /**
     * The token has arrived: send the partly filled packet, if any. Returns false (and keeps the packet for
     * the next token) only if the sink refuses it, which admission control makes unexpected.
     */
    public boolean flush() {
        if (count == 0) {
            return true;
        }
        if (!emit(0)) {
            return false;
        }
        counters.increment(Counter.PACKETS_FLUSHED_ON_TOKEN);
        return true;
    }

    /** Whether a partly filled packet is waiting for the token. */
    public boolean hasPending() {
        return count > 0;
    }

    /** Data bytes the open message can still put into the packet being filled (its length entry reserved). */
    private int roomForOpenMessage() {
        return maxPayload - HEADER - LENGTH_ENTRY * (count + 1) - dataLength;
    }

    private void write(ByteBuffer source) {
        int index = source.position();
        int remaining = source.remaining();
        while (remaining > 0) {
            int n = Math.min(remaining, makeRoom());
            source.get(index, data, dataLength, n);
            dataLength += n;
            lengths[count] += n;
            index += n;
            remaining -= n;
        }
    }

    private void write(byte[] source, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, makeRoom());
            System.arraycopy(source, offset, data, dataLength, n);
            dataLength += n;
            lengths[count] += n;
            offset += n;
            length -= n;
        }
    }

    /**
     * Room for the open message; when the packet is full mid-message, sends it as a fragment and opens the
     * rest of the message at the start of a fresh packet.
     */
    private int makeRoom() {
        int room = roomForOpenMessage();
        if (room > 0) {
            return room;
        }
        int id = nextFragmentId;
        nextFragmentId = id == MAX_FRAGMENT_ID ? 1 : id + 1;
        count++; // the open piece travels in this packet
        splitThisMessage = true;
        if (!emit(id)) {
            // Admission reserved the space; a sink that still refuses breaks its contract.
            throw new IllegalStateException("send queue refused a packet admission had reserved");
        }
        continuation = id;
        return roomForOpenMessage();
    }

    /** The open message is complete; send the packet at once if not even one byte of another would fit. */
    private void closeMessage() {
        counters.increment(Counter.MESSAGES_SENT);
        if (splitThisMessage) {
            counters.increment(Counter.MESSAGES_FRAGMENTED);
        }
        count++;
        if (roomForOpenMessage() <= 0 && !emit(0)) {
            throw new IllegalStateException("send queue refused a packet admission had reserved");
        }
    }

    /** Assembles the packet being filled (its first {@code count} messages) and hands it to the sink. */
    private boolean emit(int fragmented) {
        int n = count;
        packet[0] = 0; // i16 version = 0
        packet[1] = 0;
        packet[2] = 0; // i16 type = 0
        packet[3] = 0;
        packet[TotemPgPacket.FRAGMENTED] = (byte) fragmented;
        packet[TotemPgPacket.CONTINUATION] = (byte) continuation;
        TotemPgPacket.putU16(packet, TotemPgPacket.MSG_COUNT, n);
        int at = HEADER;
        for (int i = 0; i < n; i++) {
            TotemPgPacket.putU16(packet, at, lengths[i]);
            at += LENGTH_ENTRY;
        }
        packetBuffer.clear().limit(at);
        dataBuffer.clear().limit(dataLength);
        if (!sink.send(packetBuffer, dataBuffer)) {
            return false;
        }
        counters.increment(Counter.PACKETS_SENT);
        Arrays.fill(lengths, 0, Math.min(n + 1, lengths.length), 0);
        count = 0;
        dataLength = 0;
        continuation = 0;
        return true;
    }
}
