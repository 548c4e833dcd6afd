package io.chorus.cpg.internal;

import io.chorus.api.cpg.CpgAddress;
import io.chorus.api.cpg.CpgCallbacks;
import io.chorus.api.cpg.CpgGroup;
import io.chorus.api.cpg.CpgRingId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Callbacks of one handle, kept in the order they were dispatched. */
final class Recorder implements CpgCallbacks {

    record Delivery(CpgGroup group, int nodeid, int pid, byte[] data) {
        String text() {
            return nodeid + "/" + pid + ":" + new String(data, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    record Confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined) {
    }

    final List<Delivery> deliveries = new ArrayList<>();
    final List<Confchg> confchgs = new ArrayList<>();
    final List<String> totem = new ArrayList<>();

    @Override
    public void deliver(CpgGroup group, int nodeid, int pid, ByteBuffer message) {
        byte[] data = new byte[message.remaining()];
        message.get(data);
        deliveries.add(new Delivery(group, nodeid, pid, data));
    }

    @Override
    public void confchg(CpgGroup group, List<CpgAddress> members, List<CpgAddress> left, List<CpgAddress> joined) {
        confchgs.add(new Confchg(group, members, left, joined));
    }

    @Override
    public void totemConfchg(CpgRingId ringId, int[] members) {
        totem.add(Arrays.toString(members));
    }

    List<String> texts() {
        List<String> out = new ArrayList<>();
        deliveries.forEach(d -> out.add(d.text()));
        return out;
    }

    Confchg lastConfchg() {
        return confchgs.isEmpty() ? null : confchgs.get(confchgs.size() - 1);
    }
}
