package io.chorus.config.amf;

import java.util.ArrayList;
import java.util.List;

/** A parsed amf.conf, whichever grammar it used. */
public record AmfConfig(Grammar grammar, AmfEntity cluster) {

    /** Which historic grammar the file uses. */
    public enum Grammar { A_GROUPS_CONF, B_SAF_B02 }

    public List<AmfEntity> nodes() { return cluster.children("safAmfNode"); }
    public List<AmfEntity> apps() { return cluster.children("safApp"); }
    public List<AmfEntity> serviceGroups() { return all("safSg"); }
    public List<AmfEntity> serviceUnits() { return all("safSu"); }
    public List<AmfEntity> components() { return all("safComp"); }
    public List<AmfEntity> healthchecks() { return all("safHealthcheckKey"); }
    public List<AmfEntity> serviceInstances() { return all("safSi"); }
    public List<AmfEntity> csis() { return all("safCsi"); }

    /** Every object of a kind, depth first in file order. */
    public List<AmfEntity> all(String kind) {
        List<AmfEntity> out = new ArrayList<>();
        collect(cluster, kind, out);
        return out;
    }

    private static void collect(AmfEntity e, String kind, List<AmfEntity> out) {
        for (AmfEntity c : e.children()) {
            if (c.kind().equals(kind)) {
                out.add(c);
            }
            collect(c, kind, out);
        }
    }
}
