package io.chorus.ipc.internal;

import io.chorus.api.spi.ClientGateway;
import io.chorus.config.ChorusConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link IpcServer} while the executive's {@link ClientGateway} and a {@link ChorusConfig} are
 * registered: it starts when the gateway appears and stops (closing every client connection, each session
 * closed with the gateway) when it goes. Socket settings come from Config Admin PID {@code io.chorus.ipc}
 * ({@code etc/io.chorus.ipc.cfg}); who may connect comes from the {@code ChorusConfig} (aisexec and uidgid,
 * see {@link AccessPolicy}). A newer {@code ChorusConfig} changes the policy for new connections without
 * dropping the open ones; a change of the socket settings restarts the server.
 */
@Component(immediate = true, configurationPid = IpcComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = IpcComponent.Settings.class)
public class IpcComponent {

    public static final String PID = "io.chorus.ipc";
    private static final Logger LOG = LoggerFactory.getLogger(IpcComponent.class);

    @ObjectClassDefinition(name = "Chorus IPC", description = "The unix socket out-of-process clients connect to.")
    public @interface Settings {
        @AttributeDefinition(name = "Socket path", description = "Empty: -Dchorus.ipc.socket, else "
                + "${karaf.data}/run/chorus.sock, else /run/chorus/chorus.sock.")
        String socket_path() default "";

        @AttributeDefinition(name = "Socket mode", description = "Octal file mode of the socket. Empty: 0660 with the "
                + "aisexec group as owner group, or 0666 when uidgid entries admit other users or groups.")
        String socket_mode() default "";

        @AttributeDefinition(name = "Outbound limit (KiB)", description = "Unread answers and callbacks queued per "
                + "client before it is disconnected.")
        int max_outbound_kib() default 8192;
    }

    @Reference
    private ClientGateway gateway;

    private volatile ChorusConfig config;
    private IpcServer server;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(ChorusConfig c) {
        config = c;
        IpcServer s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            try {
                s.updatePolicy(AccessPolicy.of(c, Accounts.system()));
            } catch (IllegalArgumentException e) {
                LOG.error("IPC keeps its access rules: {}", e.getMessage());
            }
        }
    }

    void unbindConfig(ChorusConfig c) {
        // A replacement is bound first (greedy); the last policy stays until the component stops.
    }

    @Activate
    synchronized void activate(Settings settings) throws IOException {
        Map<String, String> props = new HashMap<>();
        for (String k : new String[] {"chorus.ipc.socket", "karaf.data"}) {
            String v = System.getProperty(k);
            if (v != null) {
                props.put(k, v);
            }
        }
        Path socket = settings.socket_path().isBlank() ? IpcSettings.defaultSocket(props)
                : Path.of(settings.socket_path().trim());
        IpcSettings s = new IpcSettings(socket,
                settings.socket_mode().isBlank() ? null : IpcSettings.parseMode(settings.socket_mode()),
                Math.max(settings.max_outbound_kib(), 4096) * 1024L);
        AccessPolicy policy;
        try {
            policy = AccessPolicy.of(config, Accounts.system());
        } catch (IllegalArgumentException e) {
            LOG.error("IPC does not start: {}", e.getMessage());
            throw e;
        }
        IpcServer srv = new IpcServer(s, policy, gateway);
        srv.start();
        server = srv;
    }

    @Deactivate
    synchronized void deactivate() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
