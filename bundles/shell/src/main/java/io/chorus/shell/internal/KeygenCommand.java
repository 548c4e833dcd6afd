package io.chorus.shell.internal;

import io.chorus.crypto.KeygenTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code chorus:keygen [-k FILE] [-s BYTES] [-l] [-r RANDOMFILE]}: {@code bin/chorus keygen} in the console. The
 * options are declared for Karaf's parser and handed to {@link KeygenTool} as arguments, so checks, messages and
 * exit codes are the command line's. The default file is {@code ${karaf.home}/etc/authkey}, the distribution's.
 */
@Command(scope = "chorus", name = "keygen", description = "Generate an authkey (like corosync-keygen)")
@Service
public class KeygenCommand implements Action {

    @Option(name = "-k", aliases = "--key-file", description = "write the key here (default ${karaf.home}/etc/authkey)")
    String keyFile;

    @Option(name = "-s", aliases = "--size", description = "key length in bytes, as corosync-keygen -s (default 256)")
    String size;

    @Option(name = "-l", aliases = "--less-secure", description = "non-blocking SecureRandom (/dev/urandom)")
    boolean lessSecure;

    @Option(name = "-r", aliases = "--random-file", description = "read the key from this random device or file")
    String randomFile;

    @Override
    public Object execute() {
        String home = System.getProperty("karaf.home", ".");
        int rc = KeygenTool.run("chorus:keygen", arguments(), System.out, System.out, Path.of(home, "etc", "authkey"));
        return rc == 0 ? null : "exit code " + rc;
    }

    List<String> arguments() {
        List<String> a = new ArrayList<>();
        if (keyFile != null) {
            a.add("-k");
            a.add(keyFile);
        }
        if (size != null) {
            a.add("-s");
            a.add(size);
        }
        if (lessSecure) {
            a.add("-l");
        }
        if (randomFile != null) {
            a.add("-r");
            a.add(randomFile);
        }
        return a;
    }
}
