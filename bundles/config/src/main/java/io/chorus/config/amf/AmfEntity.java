package io.chorus.config.amf;

import java.util.List;
import java.util.Map;

/**
 * One object of the AMF information model: a node, application, service group (SG), service unit (SU),
 * component, healthcheck, service instance (SI), CSI or CS type.
 *
 * @param kind       e.g. {@code safSg}; grammar A's sections map to the B names (group → safSg, unit → safSu,
 *                   component → safComp, protection → safCsi)
 * @param name       the instance name
 * @param attributes single-valued attributes in file order (repeated ones keep the last value)
 * @param lists      multi-valued parts: {@code saAmfCompCsTypes}, {@code safCSIAttr} values, grammar A
 *                   {@code member}s, {@code saAmfCompCmdEnv} lines
 * @param children   contained objects
 */
public record AmfEntity(String kind, String name, Map<String, String> attributes, Map<String, List<String>> lists,
                        List<AmfEntity> children, String file, int line) {

    public String attribute(String key) {
        return attributes.get(key);
    }

    public List<AmfEntity> children(String childKind) {
        return children.stream().filter(c -> c.kind().equals(childKind)).toList();
    }
}
