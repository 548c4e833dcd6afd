package io.chorus.samples.cpg;

import io.chorus.api.ChorusException;

/** Retries a call refused with TRY_AGAIN, as the seed programs loop on CS_ERR_TRY_AGAIN. */
final class Retry {

    interface Call<T> {
        T run() throws ChorusException;
    }

    private Retry() {
    }

    static <T> T tryAgain(Call<T> call) throws ChorusException {
        while (true) {
            try {
                return call.run();
            } catch (ChorusException e) {
                if (!e.isTryAgain()) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
