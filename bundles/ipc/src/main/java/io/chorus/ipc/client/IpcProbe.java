package io.chorus.ipc.client;

import io.chorus.api.ChorusException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Connects to an engine, makes one call and prints the outcome: a check that this process may use the local
 * executive.
 *
 * <pre>
 * java -cp chorus-ipc.jar:chorus-api.jar io.chorus.ipc.client.IpcProbe SOCKET ENGINE [FN [TEXT]] [--hold]
 * </pre>
 * Prints {@code OK session S reply TEXT} and exits 0, or prints {@code ERROR <code> <message>} and exits with
 * the {@code ChorusError} code. With {@code --hold} it prints {@code CONNECTED} after the call and then waits
 * (until killed).
 */
public final class IpcProbe {

    private IpcProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: IpcProbe SOCKET ENGINE [FN [TEXT]] [--hold]");
            System.exit(64);
        }
        boolean hold = false;
        java.util.List<String> a = new java.util.ArrayList<>();
        for (String s : args) {
            if (s.equals("--hold")) {
                hold = true;
            } else {
                a.add(s);
            }
        }
        int fn = a.size() > 2 ? Integer.parseInt(a.get(2)) : 0;
        String text = a.size() > 3 ? a.get(3) : "probe";
        try {
            ChorusConnection c = ChorusConnection.connect(Path.of(a.get(0)), a.get(1));
            ByteBuffer r = c.call(fn, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            System.out.println("OK session " + c.sessionId() + " reply " + IpcProtocol.text(r));
            System.out.flush();
            if (hold) {
                System.out.println("CONNECTED");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            c.close();
            System.exit(0);
        } catch (ChorusException e) {
            System.out.println("ERROR " + e.error().code() + " " + e.getMessage());
            System.out.flush();
            System.exit(e.error().code());
        }
    }
}
