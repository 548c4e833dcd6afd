package io.chorus.config;

import io.chorus.config.amf.AmfConfig;
import io.chorus.config.amf.AmfConfigLoader;
import io.chorus.config.amf.AmfEntity;
import org.junit.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/** amf.conf grammars A and B into one model. */
public class AmfConfigTest {

    static final String GROUPS_CONF = String.join("\n", "group {", "  name = raid", "  model = nplusm",
            "  active-units = 1", "  backup-units = 2", "  unit {", "    name = raidA", "    component {",
            "      name = comp_a_in_su_x", "      model = x_active", "    }", "    component {",
            "      name = comp_b_in_su_x", "      model = x_active", "    }", "  }", "  protection {",
            "    name = pgA", "    member = comp_a_in_su_x", "    member = comp_a_in_su_y", "  }", "}", "");

    @Test
    public void grammarAGroupsConf() {
        List<ConfigProblem> problems = new ArrayList<>();
        AmfConfig c = AmfConfigLoader.parse(GROUPS_CONF.replace("\n", "\r\n").replace("  unit {", "   \n  unit {"),
                "groups.conf", problems);
        assertTrue(problems.toString(), problems.isEmpty());
        assertEquals(AmfConfig.Grammar.A_GROUPS_CONF, c.grammar());
        AmfEntity sg = c.serviceGroups().get(0);
        assertEquals("raid", sg.name());
        assertEquals("nplusm", sg.attribute("model"));
        assertEquals("1", sg.attribute("active-units"));
        assertEquals(List.of("comp_a_in_su_x", "comp_b_in_su_x"), c.components().stream().map(AmfEntity::name).toList());
        assertEquals(List.of("comp_a_in_su_x", "comp_a_in_su_y"), c.csis().get(0).lists().get("member"));
    }

    @Test
    public void grammarANwayIsRefusedWithItsLine() {
        List<ConfigProblem> problems = new ArrayList<>();
        assertNull(AmfConfigLoader.parse(GROUPS_CONF.replace("model = nplusm", "model = nway"), "groups.conf", problems));
        assertEquals("groups.conf:1: nway redundancy model not supported", problems.get(0).toString());
    }

    @Test
    public void grammarBDistributionExample() throws Exception {
        AmfConfig c = AmfConfigLoader.load(Path.of(System.getProperty("user.dir")).resolve("../../etc/amf.conf").normalize());
        assertEquals(AmfConfig.Grammar.B_SAF_B02, c.grammar());
        assertEquals("chorus", c.cluster().name());
        assertEquals("3000", c.cluster().attribute("saAmfClusterStartupTimeout"));
        assertEquals(List.of("node1", "node2"), c.nodes().stream().map(AmfEntity::name).toList());
        assertEquals("nplusm", c.serviceGroups().get(0).attribute("saAmfSGRedundancyModel"));
        assertEquals(2, c.serviceUnits().size());
        assertEquals("node2", c.serviceUnits().get(1).attribute("saAmfSUHostedByNode"));
        assertEquals(List.of("A"), c.components().get(0).lists().get("saAmfCompCsTypes"));
        assertEquals("5000", c.healthchecks().get(0).attribute("saAmfHealthcheckPeriod"));
        assertEquals("key1", c.healthchecks().get(0).name());
        assertEquals(List.of("value1", "value2"), c.csis().get(0).lists().get("safCSIAttr=attr1"));
        assertEquals("1", c.serviceInstances().get(0).attribute("saAmfSINumCSIs"));
    }

    @Test
    public void grammarBWhitespaceOnlyLinesAddNoEmptyCsType() {
        List<ConfigProblem> problems = new ArrayList<>();
        String text = "safAmfCluster = c {\n saAmfClusterStartupTimeout = 0\n safApp = a {\n  safSg = g {\n"
                + "   saAmfSGRedundancyModel = nplusm\n   saAmfSGCompRestartProb = 1\n   saAmfSGCompRestartMax = 1\n"
                + "   saAmfSGSuRestartProb = 1\n   saAmfSGSuRestartMax = 1\n   safSu = s {\n"
                + "    saAmfSUHostedByNode = n\n    saAmfSUNumComponents = 1\n    safComp = x {\n"
                + "     saAmfCompCategory = sa_aware\n     saAmfCompCapability = x_active\n"
                + "     saAmfCompNumMaxActiveCsi = 1\n     saAmfCompNumMaxStandbyCsi = 1\n"
                + "     saAmfCompDefaultClcCliTimeout = 1\n     saAmfCompDefaultCallbackTimeOut = 1\n"
                + "     saAmfCompRecoveryOnError = component_restart\n     saAmfCompCsTypes {\n      A\n   \t\n      B\n"
                + "     }\n    }\n   }\n  }\n }\n}\n";
        AmfConfig c = AmfConfigLoader.parse(text, "amf.conf", problems);
        assertTrue(problems.toString(), problems.isEmpty());
        assertEquals(List.of("A", "B"), c.components().get(0).lists().get("saAmfCompCsTypes"));
    }

    @Test
    public void grammarBRequiredAttributes() {
        List<ConfigProblem> problems = new ArrayList<>();
        String text = "safAmfCluster = c {\n safAmfNode = n {\n  saAmfNodeClmNode = h\n"
                + "  saAmfNodeSuFailOverProb = 1\n  saAmfNodeSuFailoverMax = 1\n }\n}\n";
        assertNull(AmfConfigLoader.parse(text, "amf.conf", problems));
        assertEquals("amf.conf:1: saAmfClusterStartupTimeout missing", problems.get(0).toString());
    }
}
