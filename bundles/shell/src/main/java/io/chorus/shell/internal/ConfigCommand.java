package io.chorus.shell.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code chorus:config}: the configuration the node runs with.
 */
@Command(scope = "chorus", name = "config", description = "Print the effective Chorus configuration")
@Service
public class ConfigCommand implements Action {

    @Reference(optional = true)
    ConfigurationAdmin configurationAdmin;

    @Override
    public Object execute() throws Exception {
        if (configurationAdmin == null) {
            System.out.println("Config Admin is not available");
            return null;
        }
        Configuration[] all = configurationAdmin.listConfigurations("(service.pid=io.chorus.*)");
        if (all == null) {
            System.out.println("no io.chorus.* configuration (is chorus-config running?)");
            return null;
        }
        Map<String, Configuration> byPid = new TreeMap<>();
        for (Configuration c : all) {
            byPid.put(c.getPid(), c);
        }
        for (Configuration c : byPid.values()) {
            System.out.println(c.getPid());
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) {
                continue;
            }
            List<String> keys = Collections.list(props.keys());
            Collections.sort(keys);
            for (String k : keys) {
                System.out.println("  " + k + " = " + props.get(k));
            }
        }
        return null;
    }
}
