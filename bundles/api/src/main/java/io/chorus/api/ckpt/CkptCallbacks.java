package io.chorus.api.ckpt;

import io.chorus.api.ChorusError;

/** {@code SaCkptCallbacksT}: run by {@link CkptClient#dispatch}. */
public interface CkptCallbacks {

    /** The answer to {@link CkptClient#checkpointOpenAsync}; {@code checkpoint} is null unless OK. */
    default void checkpointOpen(long invocation, CkptCheckpoint checkpoint, ChorusError error) {
    }
}
