package io.chorus.executive.internal.osgi;

import io.chorus.config.ChorusConfig;
import io.chorus.config.ConfigLoader;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.ForwardingClusterRing;
import io.chorus.executive.node.TotemNodeRing;
import io.chorus.transport.NodeOptions;
import io.chorus.transport.Protections;
import io.chorus.transport.TotemConfigs;
import io.chorus.transport.TotemNode;
import io.chorus.transport.TransportException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: this node's {@link TotemNode}, opened from the published {@link ChorusConfig} (sockets bound,
 * packet protection from {@code secauth}/{@code crypto_*}, core not started), offered as the executive's
 * {@link ClusterRing}; the core starts when the executive joins its sync group. A configuration this host cannot
 * run (no local address in the nodelist, a missing authkey) fails activation with the reason, and nothing starts.
 *
 * <p>{@code -Dchorus.nodeid=N} picks the nodelist entry when several nodes share one host and one file (a local
 * cluster on 127.0.0.x).
 */
@Component(immediate = true, service = ClusterRing.class)
public final class TotemNodeComponent extends ForwardingClusterRing {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");

    private volatile ChorusConfig config;
    private volatile TotemNode node;
    private TotemNodeRing ring;
    private int protectionOverhead;

    @Activate
    void activate() {
        Path home = ConfigLoader.home(System.getenv(), System.getProperties());
        NodeOptions options = NodeOptions.defaults().withAcknowledgeTransitions(false);
        String nodeId = System.getProperty("chorus.nodeid");
        try {
            if (nodeId != null && !nodeId.isBlank()) {
                options = options.withNodeId((int) Long.parseLong(nodeId.trim()));
            }
            options = options.withProtection(Protections.fromConfig(config.totem(), System.getenv(), home));
            protectionOverhead = options.protection().overhead();
            node = TotemNode.open(config, options);
        } catch (TransportException | NumberFormatException e) {
            String reason = config.source() + ": this node cannot join a ring: " + e.getMessage();
            LOG.error(reason);
            throw new IllegalStateException(reason, e); // SCR does not activate a component whose activate throws
        }
        ring = new TotemNodeRing(node);
    }

    /**
     * Dynamic, so that a live edit (the bridge publishes a new configuration before withdrawing the old one) does
     * not restart the node: the timeouts that may change live are applied to the running core.
     */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(ChorusConfig newConfig) {
        this.config = newConfig;
        TotemNode running = node;
        if (running != null) {
            running.updateParameters(TotemConfigs.parameters(newConfig.totem(), protectionOverhead));
            LOG.info("totem timeouts applied on the running ring: token {} ms, consensus {} ms",
                    newConfig.totem().token(), newConfig.totem().consensus());
        }
    }

    void unbindConfig(ChorusConfig oldConfig) {
        // The next configuration is bound first (greedy); nothing to undo.
    }

    @Deactivate
    void deactivate() {
        TotemNode stopping = node;
        node = null;
        if (stopping != null) {
            stopping.stop(true);
        }
    }

    /** The node, for status commands (null before activation). */
    public TotemNode node() {
        return node;
    }

    @Override
    protected ClusterRing delegate() {
        return ring;
    }
}
