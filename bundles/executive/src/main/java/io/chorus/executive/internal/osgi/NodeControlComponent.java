package io.chorus.executive.internal.osgi;

import io.chorus.api.spi.NodeControl;
import io.chorus.executive.ClusterRing;
import io.chorus.executive.node.NodeControlStatus;
import io.chorus.transport.TotemNode;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeControl} over this node's {@link TotemNode} (the {@link TotemNodeComponent} behind the
 * {@code ClusterRing} service), for the CFG engine and the console. A shutdown stops the whole Karaf framework,
 * as corosync exits: every component deactivates in order, the transport leaves the ring cleanly on its way out,
 * and {@code bin/karaf} returns, so a supervisor (or {@code chorus-cluster status}) sees the node gone.
 */
@Component(service = NodeControl.class)
public final class NodeControlComponent implements NodeControl {

    private static final Logger LOG = LoggerFactory.getLogger("io.chorus.main");

    @Reference
    private ClusterRing ring;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        if (!(ring instanceof TotemNodeComponent)) {
            throw new IllegalStateException("NodeControl needs the Totem transport's ClusterRing, not " + ring);
        }
        this.context = bundleContext;
    }

    private TotemNode node() {
        TotemNode n = ((TotemNodeComponent) ring).node();
        if (n == null) {
            throw new IllegalStateException("the ring is not running");
        }
        return n;
    }

    @Override
    public Status status() {
        return NodeControlStatus.of(node().status());
    }

    @Override
    public int reenableRings() {
        return node().reenableRings();
    }

    @Override
    public void shutdown(String reason) {
        LOG.info("Node is shutting down: {}", reason);
        // Never on the caller's thread: the caller may be the ring's event loop, which the stop must join.
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("could not stop the framework ({}); leaving the ring only", e.toString());
                TotemNode n = ((TotemNodeComponent) ring).node();
                if (n != null) {
                    n.stop(true);
                }
            }
        }, "chorus-shutdown");
        t.setDaemon(false);
        t.start();
    }
}
