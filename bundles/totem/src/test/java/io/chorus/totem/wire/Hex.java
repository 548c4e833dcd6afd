package io.chorus.totem.wire;

import java.nio.ByteBuffer;

/** Hex dumps as corosync-wire.md prints them: whitespace and '|' separators are ignored. */
final class Hex {

    private Hex() {
    }

    static ByteBuffer bytes(String hex) {
        String clean = hex.replaceAll("[\\s|]", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return ByteBuffer.wrap(out);
    }

    static String of(ByteBuffer buffer) {
        StringBuilder text = new StringBuilder();
        ByteBuffer view = buffer.duplicate();
        while (view.hasRemaining()) {
            text.append(String.format("%02x", view.get()));
        }
        return text.toString();
    }
}
