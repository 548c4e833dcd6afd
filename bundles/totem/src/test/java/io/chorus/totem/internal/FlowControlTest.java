package io.chorus.totem.internal;

import static org.junit.Assert.assertEquals;

import io.chorus.totem.wire.OrfToken;
import org.junit.Test;

/** The token's ring-wide fcc and backlog totals (corosync-wire.md §2.4 steps 5 and 8). */
public class FlowControlTest {

    private static final int WINDOW = 50;
    private static final int MAX_MESSAGES = 17;

    @Test
    public void aNodeMaySendMaxMessagesOnAnEmptyWindow() {
        FlowControl flow = new FlowControl();
        OrfToken token = new OrfToken();
        assertEquals(MAX_MESSAGES, flow.allowed(token, WINDOW, MAX_MESSAGES, 0));
    }

    @Test
    public void theWindowLeftOnTheTokenLimitsWhatANodeSends() {
        FlowControl flow = new FlowControl();
        OrfToken token = new OrfToken();
        token.fcc = 45;
        assertEquals(5, flow.allowed(token, WINDOW, MAX_MESSAGES, 0));
    }

    @Test
    public void eachVisitReplacesTheNodesPreviousContributionInsteadOfAddingToIt() {
        FlowControl flow = new FlowControl();
        OrfToken token = new OrfToken();
        for (int visit = 0; visit < 100; visit++) {
            flow.allowed(token, WINDOW, MAX_MESSAGES, 10);
            flow.updateToken(token, 17);
        }
        // A node that only added would have pushed fcc to 1700 and throttled the ring to nothing.
        assertEquals(17, token.fcc);
        assertEquals(10, token.backlog);
        flow.allowed(token, WINDOW, MAX_MESSAGES, 0);
        flow.updateToken(token, 0);
        assertEquals(0, token.fcc);
        assertEquals(0, token.backlog);
    }

    @Test
    public void theWindowIsSharedInProportionToEachNodesBacklog() {
        FlowControl flow = new FlowControl();
        OrfToken token = new OrfToken();
        flow.allowed(token, WINDOW, MAX_MESSAGES, 10);
        flow.updateToken(token, 0);
        // The ring's backlog is now 10 (mine) + 90 from the others.
        token.backlog += 90;
        // window · my previous backlog / ring backlog = 50 · 10 / 100 = 5
        assertEquals(5, flow.allowed(token, WINDOW, MAX_MESSAGES, 10));
    }
}
