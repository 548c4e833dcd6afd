package io.chorus.transport.internal;

import static org.junit.Assert.assertEquals;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** A node turns Netty's leak detector off, unless the operator (or a build's tests) chose a level. */
public class LeakDetectionDefaultTest {

    private String propertyBefore;
    private Level levelBefore;

    @Before
    public void remember() {
        propertyBefore = System.getProperty(EventLoops.LEAK_DETECTION_PROPERTY);
        levelBefore = ResourceLeakDetector.getLevel();
    }

    @After
    public void restore() {
        if (propertyBefore == null) {
            System.clearProperty(EventLoops.LEAK_DETECTION_PROPERTY);
        } else {
            System.setProperty(EventLoops.LEAK_DETECTION_PROPERTY, propertyBefore);
        }
        ResourceLeakDetector.setLevel(levelBefore);
    }

    @Test
    public void aNodeWithoutTheSettingRunsWithoutLeakDetection() {
        System.clearProperty(EventLoops.LEAK_DETECTION_PROPERTY);
        ResourceLeakDetector.setLevel(Level.SIMPLE);
        EventLoops.applyLeakDetectionDefault();
        assertEquals(Level.DISABLED, ResourceLeakDetector.getLevel());
    }

    @Test
    public void aChosenLevelIsKept() {
        System.setProperty(EventLoops.LEAK_DETECTION_PROPERTY, "paranoid");
        ResourceLeakDetector.setLevel(Level.PARANOID);
        EventLoops.applyLeakDetectionDefault();
        assertEquals(Level.PARANOID, ResourceLeakDetector.getLevel());
    }
}
