package io.chorus.api.cfg;

/** What a tracking CFG handle is told ({@code corosync_cfg_callbacks_t}). */
@FunctionalInterface
public interface CfgCallbacks {

    /**
     * This node ({@code nodeId}) is asked to shut down: answer with {@link Cfg#replyToShutdown} (no answer within the
     * timeout counts as NO). {@code flags} says whether the answer matters ({@link CfgShutdownFlag#REGARDLESS}
     * does not wait for it to proceed).
     */
    void shutdown(int nodeId, CfgShutdownFlag flags);
}
