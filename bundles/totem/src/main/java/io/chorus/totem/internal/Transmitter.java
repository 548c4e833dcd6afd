package io.chorus.totem.internal;

import io.chorus.totem.TotemCounters.Counter;
import io.chorus.totem.wire.CommitToken;
import io.chorus.totem.wire.MembJoin;
import io.chorus.totem.wire.MergeDetect;
import io.chorus.totem.wire.OrfToken;
import io.chorus.totem.wire.TokenHoldCancel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and sends. Keeps the last token sent (ORF or commit token) for retransmission: if the successor's
 * token does not come back within token_retransmit the same bytes go out again, and the receiver drops the
 * duplicate by its token_seq.
 */
final class Transmitter {

    private final Srp srp;
    private final int frameSize;
    private final ByteBuffer scratch;
    private ByteBuffer tokenCopy;
    private boolean haveTokenCopy;

    Transmitter(Srp srp, int frameSize) {
        this.srp = srp;
        this.frameSize = frameSize;
        this.scratch = ByteBuffer.allocate(Math.max(frameSize, 64 * 1024)).order(ByteOrder.LITTLE_ENDIAN);
        this.tokenCopy = ByteBuffer.allocate(Math.max(frameSize, 4096)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The largest datagram accepted: a full MCAST with an encapsulated MCAST inside fits in netmtu. */
    int frameSize() {
        return Math.max(frameSize, MembJoin.BASE_SIZE + 8 * MembJoin.MAX_LIST);
    }

    void multicastJoin(MembJoin join) {
        join.encode(scratch);
        srp.counters.increment(Counter.JOINS_SENT);
        srp.out.multicast(scratch);
    }

    void multicastMergeDetect(MergeDetect detect) {
        detect.encode(scratch);
        srp.counters.increment(Counter.MERGE_DETECTS_SENT);
        srp.out.multicast(scratch);
    }

    void multicastHoldCancel(TokenHoldCancel cancel) {
        cancel.encode(scratch);
        srp.counters.increment(Counter.TOKEN_HOLD_CANCELS_SENT);
        srp.out.multicast(scratch);
    }

    /** Multicasts a stored MCAST whose header starts at {@code base}; the buffer's limit is its end. */
    void multicastMessage(ByteBuffer message, int base) {
        int limit = message.limit();
        message.position(base);
        srp.out.multicastStored(message);
        message.limit(limit).position(0);
    }

    void sendCommitToken(CommitToken token) {
        ensureTokenCopyCapacity(token.encodedSize());
        token.encode(tokenCopy);
        haveTokenCopy = true;
        srp.counters.increment(Counter.COMMIT_TOKENS_SENT);
        unicastTokenCopy();
    }

    /** Keeps the token for retransmission and, unless the representative holds it, forwards it. */
    void sendOrfToken(OrfToken token, boolean forward) {
        token.nodeId = srp.myId;
        token.encode(tokenCopy);
        haveTokenCopy = true;
        if (forward) {
            srp.counters.increment(Counter.ORF_TOKENS_SENT);
            unicastTokenCopy();
        }
    }

    void retransmitToken() {
        if (haveTokenCopy) {
            srp.counters.increment(Counter.TOKEN_RETRANSMITS);
            unicastTokenCopy();
        }
    }

    private void unicastTokenCopy() {
        int size = tokenCopy.limit();
        tokenCopy.position(0);
        srp.out.unicast(srp.tokenTarget, tokenCopy);
        tokenCopy.limit(size).position(0);
    }

    private void ensureTokenCopyCapacity(int size) {
        if (tokenCopy.capacity() < size) {
            tokenCopy = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
