package io.chorus.api.cfg;

import io.chorus.api.ChorusException;
import io.chorus.api.client.DispatchFlag;
import java.util.List;

/** A CFG handle ({@code corosync_cfg_handle_t}). Calls may fail with TRY_AGAIN while sync runs. */
public interface Cfg extends AutoCloseable {

    /** {@code corosync_cfg_ring_status_get}: this node's rings. */
    List<CfgRing> ringStatus() throws ChorusException;

    /** {@code corosync_cfg_ring_reenable}: every node of the ring clears its FAULTY marks (an agreed message). */
    void ringReenable() throws ChorusException;

    /** {@code corosync_cfg_local_get}: this node's nodeid. */
    int localNodeId() throws ChorusException;

    /** This node's address on each ring, by ring number ({@code corosync_cfg_get_node_addrs} for itself). */
    List<String> localAddresses() throws ChorusException;

    /** The current ring's members, ascending. */
    int[] members() throws ChorusException;

    /** {@code corosync_cfg_kill_node}: node {@code nodeId} leaves the ring and stops; NOT_EXIST if no member. */
    void killNode(int nodeId, String reason) throws ChorusException;

    /**
     * {@code corosync_cfg_try_shutdown}: shuts this node down once this node's other tracking handles agree (per
     * {@code flag}; as Corosync 3, handles on other nodes are not asked); BUSY when one refused or did not answer
     * in 5 s, EXIST while another shutdown of this node is under way. Blocks until decided.
     */
    void tryShutdown(CfgShutdownFlag flag) throws ChorusException;

    /** {@code corosync_cfg_replyto_shutdown}: this handle's answer to the shutdown it was asked about; ACCESS when none is under way. */
    void replyToShutdown(boolean yes) throws ChorusException;

    /** Starts receiving shutdown requests ({@code corosync_cfg_trackstart}). */
    void trackStart(CfgCallbacks callbacks) throws ChorusException;

    void trackStop() throws ChorusException;

    /**
     * Runs callbacks on the calling thread as {@code corosync_cfg_dispatch} ({@link DispatchFlag}); returns how many
     * ran.
     */
    int dispatch(DispatchFlag flag) throws ChorusException;

    @Override
    void close();
}
