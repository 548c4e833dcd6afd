package io.chorus.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of every known section of corosync.conf, across the eras (services.md section 2.3,
 * corosync-wire.md section 2.0). Lookups accept cmap-style indexes ({@code totem.interface.0.mcastport})
 * and the historic aliases ({@code timeout.token}, {@code totem.retransmits_before_loss},
 * {@code logging.to_file}, {@code totem.interface.linknumber}).
 *
 * <p>Defaults given here are those of a whitetank / Corosync 1.x file; where an era differs the model
 * builder applies the era's value and the {@code description} says so.
 */
public final class KeyRegistry {

    /** 3 x (1000/HZ) with HZ = 100, as in Corosync: no timeout may be shorter. */
    public static final int MINIMUM_TIMEOUT = 30;
    /** Largest frame Corosync handles; netmtu may not exceed it. */
    public static final int FRAME_SIZE_MAX = 10000;
    /** 1 MiB: max_messages may not exceed this divided by netmtu. */
    public static final int MESSAGE_SIZE_MAX = 1024 * 1024;
    /** Encrypt-and-send threads are capped at this. */
    public static final int SEND_THREADS_MAX = 16;
    /** Corosync 3's token_coefficient default: token grows by this per node above two. */
    public static final int TOKEN_COEFFICIENT = 650;

    static final String YES_NO = "yes|no";
    static final String YES_NO_ON_OFF = "yes|no|on|off";

    private static final String WHY_ADDRESS = "addresses and ports are bound when the ring's sockets open, and every "
            + "node's nodelist must agree; restart the nodes with the new addresses";
    private static final String WHY_TRANSPORT = "the transport is chosen when the ring's sockets open and all nodes must "
            + "use the same one; restart every node";
    private static final String WHY_NODEID = "the node id is this node's identity on the wire; a new id is a new node, "
            + "so restart it";
    private static final String WHY_CRYPTO = "every node must switch keys and ciphers at the same instant or their "
            + "packets are dropped as 'invalid digest'; restart the whole cluster";
    private static final String WHY_RRP = "the number of rings and their redundancy mode are fixed when the rings are "
            + "created; restart the node";
    private static final String WHY_MTU = "packet buffers are sized at startup and the packet size must match the other "
            + "nodes; restart every node";
    private static final String WHY_STARTUP = "read only when the node starts; restart the node to apply it";
    private static final String WHY_SERVICES = "service stanzas are applied by the service manager, not by this key";

    private static final Map<String, KeySpec> SPECS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        // --- totem: identity and transport
        str("totem.version", KeyType.INT, null, 2, 2, WHY_STARTUP,
                "config syntax version; required (must be 2) in whitetank and later files",
                "This totem parser can only parse version 2 configurations.");
        num("totem.nodeid", KeyType.INT, null, 1, 0xFFFFFFFFL, false, WHY_NODEID,
                "32-bit node id; derived from the ring 0 IPv4 address when absent; required for IPv6");
        bool("totem.clear_node_high_bit", "no", YES_NO, false, WHY_NODEID, "mask bit 31 of a derived node id");
        enumKey("totem.transport", "udp", List.of("udp", "udpu", "iba", "knet"), false, WHY_TRANSPORT,
                "udp (multicast) or udpu (unicast to every member); default udp, udpu for nodelist files",
                null);
        str("totem.cluster_name", KeyType.STRING, null, 0, 0, WHY_STARTUP,
                "cluster name; only used to derive a udp mcastaddr when none is given", null);
        num("totem.config_version", KeyType.INT, "0", 0, Long.MAX_VALUE, false, WHY_STARTUP,
                "version of this file, compared by cfgtool reload");
        enumKey("totem.ip_version", "ipv6-4", List.of("ipv4", "ipv6", "ipv4-6", "ipv6-4"), false, WHY_ADDRESS,
                "which address family nodelist names resolve to", null);
        bool("totem.secauth", "on", YES_NO_ON_OFF, false, WHY_CRYPTO,
                "authenticate and encrypt packets with the authkey (default on; off for nodelist files)");
        enumKey("totem.crypto_cipher", "none", List.of("none", "aes256", "aes192", "aes128", "3des"), false, WHY_CRYPTO,
                "packet cipher (Corosync 3 spelling)", null);
        enumKey("totem.crypto_hash", "none", List.of("none", "md5", "sha1", "sha256", "sha384", "sha512"), false,
                WHY_CRYPTO, "packet authentication hash (Corosync 3 spelling)", null);
        enumKey("totem.crypto_type", "sober", List.of("sober", "nss", "aes256"), false, WHY_CRYPTO,
                "Corosync 1.x crypto selector", null);
        enumKey("totem.crypto_accept", "old", List.of("old", "new"), false, WHY_CRYPTO, "Corosync 1.x", null);
        str("totem.keyfile", KeyType.PATH, null, 0, 0, WHY_CRYPTO, "path of the authkey", null);
        str("totem.key", KeyType.STRING, null, 0, 0, WHY_CRYPTO, "inline key (Corosync 1.x)", null);
        num("totem.threads", KeyType.INT, "0", 0, Integer.MAX_VALUE, false, WHY_CRYPTO,
                "encrypt-and-send threads, capped at 16, forced to 0 when secauth is off");
        enumKey("totem.rrp_mode", "none", List.of("none", "active", "passive"), false, WHY_RRP,
                "redundant ring mode",
                "The RRP mode \"{value}\" specified is invalid.  It must be none, active, or passive.");
        enumKey("totem.link_mode", "passive", List.of("passive", "active", "rr"), false, WHY_RRP,
                "Corosync 3 (knet) link mode", null);
        num("totem.netmtu", KeyType.INT, "1500", 576, FRAME_SIZE_MAX, false, WHY_MTU, "network MTU",
                "This net_mtu parameter is greater than the maximum frame size");
        enumKey("totem.vsftype", "none", List.of("none", "ykd"), false, WHY_STARTUP, "virtual synchrony filter", null);
        bool("totem.block_unlisted_ips", "yes", YES_NO, false, WHY_ADDRESS,
                "udpu: drop datagrams whose source is not in the nodelist");

        // --- totem: timeouts and flow control (all live-changeable, as Corosync 1.x re-read them)
        timeout("totem.token", "1000", "token-loss timeout; 3000 + (N-2) x token_coefficient for nodelist files",
                "The token timeout parameter ({value} ms) may not be less than ({min} ms).");
        num("totem.token_coefficient", KeyType.MS, String.valueOf(TOKEN_COEFFICIENT), 0, Integer.MAX_VALUE, true, null,
                "added to token per node above two (nodelist files only)");
        timeout("totem.token_retransmit", null, "derived: token / (token_retransmits_before_loss_const + 0.2)",
                "The token retransmit timeout parameter ({value} ms) may not be less than ({min} ms).");
        timeout("totem.hold", null, "derived: token_retransmit x 0.8 - 10",
                "The token hold timeout parameter ({value} ms) may not be less than ({min} ms).");
        num("totem.token_retransmits_before_loss_const", KeyType.INT, "4", 1, Integer.MAX_VALUE, true, null,
                "token retransmits before the token is declared lost");
        timeout("totem.join", "50", "wait for join messages (100 in OpenAIS 0.70 files)",
                "The join timeout parameter ({value} ms) may not be less than ({min} ms).");
        num("totem.send_join", KeyType.MS, "0", 0, Integer.MAX_VALUE, true, null, "random delay before sending a join");
        timeout("totem.consensus", null, "derived: 1.2 x token",
                "The consensus timeout parameter ({value} ms) may not be less than ({min} ms).");
        timeout("totem.merge", "200", "partition probe interval",
                "The merge timeout parameter ({value} ms) may not be less than ({min} ms).");
        timeout("totem.downcheck", "1000", "interval for checking a downed interface",
                "The downcheck timeout parameter ({value} ms) may not be less than ({min} ms).");
        num("totem.fail_recv_const", KeyType.INT, "2500", 1, Integer.MAX_VALUE, true, null,
                "token rotations without expected messages before a new configuration");
        num("totem.seqno_unchanged_const", KeyType.INT, "30", 1, Integer.MAX_VALUE, true, null,
                "idle rotations before the hold timer starts");
        num("totem.miss_count_const", KeyType.INT, "5", 1, Integer.MAX_VALUE, true, null,
                "checks before a retransmit is requested");
        num("totem.heartbeat_failures_allowed", KeyType.INT, "0", 0, Integer.MAX_VALUE, true, null,
                "heartbeat failure detection (0 = off)");
        num("totem.max_network_delay", KeyType.MS, "50", 0, Integer.MAX_VALUE, true, null, "used by heartbeats");
        num("totem.window_size", KeyType.INT, "50", 1, Integer.MAX_VALUE, true, null, "max messages per token rotation");
        num("totem.max_messages", KeyType.INT, "17", 1, Integer.MAX_VALUE, true, null,
                "max messages one node sends per token");
        num("totem.rrp_problem_count_timeout", KeyType.MS, "2000", 0, Integer.MAX_VALUE, false, WHY_RRP,
                "decay interval of a ring's problem counter");
        num("totem.rrp_problem_count_threshold", KeyType.INT, "10", 2, Integer.MAX_VALUE, false, WHY_RRP,
                "problems before a ring is marked FAULTY");
        num("totem.rrp_problem_count_mcast_threshold", KeyType.INT, null, 0, Integer.MAX_VALUE, false, WHY_RRP,
                "derived: 10 x rrp_problem_count_threshold");
        num("totem.rrp_token_expired_timeout", KeyType.MS, null, 0, Integer.MAX_VALUE, false, WHY_RRP,
                "derived: token_retransmit");
        num("totem.rrp_autorecovery_check_timeout", KeyType.MS, "1000", 0, Integer.MAX_VALUE, false, WHY_RRP,
                "re-test interval of FAULTY rings");

        // --- totem.interface (one per ring) and member
        num("totem.interface.ringnumber", KeyType.INT, "0", 0, 7, false, WHY_RRP, "ring number (linknumber in Corosync 3)",
                "interface ring number {value} is bigger than allowed maximum {max}");
        str("totem.interface.bindnetaddr", KeyType.ADDRESS, null, 0, 0, WHY_ADDRESS,
                "network (or host) address to bind on", null);
        str("totem.interface.mcastaddr", KeyType.ADDRESS, null, 0, 0, WHY_ADDRESS, "multicast group", null);
        num("totem.interface.mcastport", KeyType.INT, "5405", 1, 65535, false, WHY_ADDRESS, "UDP port");
        bool("totem.interface.broadcast", "no", YES_NO, false, WHY_ADDRESS, "use 255.255.255.255 instead of multicast");
        num("totem.interface.ttl", KeyType.INT, "1", 0, 255, false, WHY_ADDRESS, "multicast TTL");
        SPECS.put("totem.interface.ttl", withMessage(SPECS.get("totem.interface.ttl"), "Invalid TTL (should be 0..255)"));
        str("totem.interface.member.memberaddr", KeyType.ADDRESS, null, 0, 0, WHY_ADDRESS, "udpu member address", null);

        // --- logging
        bool("logging.to_stderr", "yes", YES_NO_ON_OFF, true, null, "log to stderr");
        bool("logging.to_logfile", "no", YES_NO_ON_OFF, true, null, "log to logfile");
        bool("logging.to_syslog", "yes", YES_NO_ON_OFF, true, null, "log to syslog");
        str("logging.logfile", KeyType.PATH, null, 0, 0, null, "log file path", null);
        enumKey("logging.debug", "off", List.of("on", "off", "trace"), true, null, "debug output", "unknown value for {key}");
        enumKey("logging.timestamp", "off", List.of("on", "off", "hires"), true, null, "timestamps",
                "unknown value for {key}");
        enumKey("logging.fileline", "off", List.of("on", "off"), true, null, "file and line in messages",
                "unknown value for {key}");
        enumKey("logging.function_name", "off", List.of("on", "off"), true, null, "function names in messages",
                "unknown value for {key}");
        enumKey("logging.syslog_facility", "daemon", List.of("daemon", "local0", "local1", "local2", "local3",
                "local4", "local5", "local6", "local7"), true, null, "syslog facility", "unknown syslog facility specified");
        List<String> priorities = List.of("emerg", "alert", "crit", "err", "error", "warning", "warn", "notice",
                "info", "debug", "trace");
        enumKey("logging.syslog_priority", "info", priorities, true, null, "lowest priority sent to syslog", null);
        enumKey("logging.logfile_priority", "info", priorities, true, null, "lowest priority written to logfile", null);
        enumKey("logging.syslog_level", "info", priorities, true, null, "obsolete spelling of syslog_priority", null);
        str("logging.tags", KeyType.STRING, null, 0, 0, null, "enter|leave|trace1..trace8", null);
        // OpenAIS 0.70: repeated logoutput lines select the destinations.
        enumKey("logging.logoutput", null, List.of("file", "stderr", "syslog"), true, null,
                "OpenAIS 0.70 destination, may repeat", null);
        for (String sub : List.of("logging.logger_subsys", "logging.logger")) {
            str(sub + (sub.endsWith("subsys") ? ".subsys" : ".ident"), KeyType.STRING, null, 0, 0, null,
                    "subsystem name (required)", null);
            enumKey(sub + ".debug", "off", List.of("on", "off", "trace"), true, null, "debug for this subsystem",
                    "unknown value for {key}");
            str(sub + ".tags", KeyType.STRING, null, 0, 0, null, "enter|leave|trace1..trace8", null);
            bool(sub + ".to_stderr", null, YES_NO_ON_OFF, true, null, "per-subsystem override");
            bool(sub + ".to_logfile", null, YES_NO_ON_OFF, true, null, "per-subsystem override");
            bool(sub + ".to_syslog", null, YES_NO_ON_OFF, true, null, "per-subsystem override");
            str(sub + ".logfile", KeyType.PATH, null, 0, 0, null, "per-subsystem log file", null);
            enumKey(sub + ".syslog_priority", null, priorities, true, null, "per-subsystem override", null);
            enumKey(sub + ".logfile_priority", null, priorities, true, null, "per-subsystem override", null);
            enumKey(sub + ".timestamp", null, List.of("on", "off", "hires"), true, null, "per-subsystem", null);
            enumKey(sub + ".fileline", null, List.of("on", "off"), true, null, "per-subsystem", null);
        }

        // --- nodelist (Corosync 2/3)
        for (int r = 0; r < 8; r++) {
            str("nodelist.node.ring" + r + "_addr", KeyType.STRING, null, 0, 0, WHY_ADDRESS,
                    "address of link " + r + " (IP literal or host name)", null);
        }
        num("nodelist.node.nodeid", KeyType.INT, null, 1, 0xFFFFFFFFL, false, WHY_NODEID, "node id");
        str("nodelist.node.name", KeyType.STRING, null, 0, 0, WHY_NODEID, "node name", null);
        num("nodelist.node.quorum_votes", KeyType.INT, "1", 0, Integer.MAX_VALUE, false, WHY_STARTUP, "votes");

        // --- quorum
        enumKey("quorum.provider", null, List.of("corosync_votequorum", "corosync_quorum", "quorum_cman", "testquorum"),
                false, WHY_SERVICES, "quorum provider", "Invalid quorum provider '{value}'");
        num("quorum.expected_votes", KeyType.INT, null, 1, Integer.MAX_VALUE, true, null,
                "derived from the nodelist when absent");
        num("quorum.votes", KeyType.INT, "1", 0, Integer.MAX_VALUE, false, WHY_STARTUP, "this node's votes");
        bool("quorum.two_node", "0", "1|0", false, WHY_STARTUP, "two-node cluster special case");
        bool("quorum.wait_for_all", null, "1|0", false, WHY_STARTUP, "derived: equals two_node when absent");
        bool("quorum.last_man_standing", "0", "1|0", false, WHY_STARTUP, "recalculate expected votes on loss");
        num("quorum.last_man_standing_window", KeyType.MS, "10000", 0, Integer.MAX_VALUE, false, WHY_STARTUP,
                "last_man_standing delay");
        bool("quorum.auto_tie_breaker", "0", "1|0", false, WHY_STARTUP, "lowest node id wins a 50/50 split");
        bool("quorum.allow_downscale", "0", "1|0", false, WHY_STARTUP, "allow expected votes to decrease");
        bool("quorum.expected_votes_tracking", "0", "1|0", false, WHY_STARTUP, "persist the highest expected votes");

        // --- other sections
        enumKey("amf.mode", "disabled", List.of("enabled", "disabled"), false, WHY_SERVICES,
                "start the applications of amf.conf", null);
        num("event.delivery_queue_size", KeyType.INT, "1000", 1, Integer.MAX_VALUE, false, WHY_STARTUP,
                "EVT per-client delivery queue length");
        num("event.delivery_queue_resume", KeyType.INT, "500", 0, Integer.MAX_VALUE, false, WHY_STARTUP,
                "level at which a blocked EVT queue resumes");
        str("aisexec.user", KeyType.STRING, "ais", 0, 0, WHY_STARTUP, "user allowed to connect over IPC", null);
        str("aisexec.group", KeyType.STRING, "ais", 0, 0, WHY_STARTUP, "group allowed to connect over IPC", null);
        bool("aisexec.defaultservices", "yes", YES_NO, false, WHY_SERVICES, "load the default service set");
        str("uidgid.uid", KeyType.STRING, null, 0, 0, WHY_STARTUP, "extra uid allowed over IPC", null);
        str("uidgid.gid", KeyType.STRING, null, 0, 0, WHY_STARTUP, "extra gid allowed over IPC", null);
        str("service.name", KeyType.STRING, null, 0, 0, WHY_SERVICES, "service engine name (required)", null);
        num("service.ver", KeyType.INT, "0", 0, Integer.MAX_VALUE, false, WHY_SERVICES, "service engine version");
        str("system.state_dir", KeyType.PATH, "/var/lib/corosync", 0, 0, WHY_STARTUP,
                "ring id store; relative paths resolve against CHORUS_HOME", null);
        for (String k : List.of("qb_ipc_type", "sched_rr", "priority", "move_to_root_cgroup",
                "allow_knet_handle_fallback", "run_dir")) {
            str("system." + k, KeyType.STRING, null, 0, 0, WHY_STARTUP, "accepted for compatibility, unused", null);
        }
        enumKey("compatibility", "whitetank", List.of("whitetank", "none"), false, WHY_STARTUP,
                "Corosync 1.x compatibility level",
                "Invalid compatibility option '{value}' specified, must be none or whitetank.");

        ALIASES.put("totem.retransmits_before_loss", "totem.token_retransmits_before_loss_const");
        ALIASES.put("totem.fail_to_recv_const", "totem.fail_recv_const");
        ALIASES.put("totem.interface.linknumber", "totem.interface.ringnumber");
        ALIASES.put("logging.to_file", "logging.to_logfile");
        ALIASES.put("logging.logger_subsys.to_file", "logging.logger_subsys.to_logfile");
        ALIASES.put("logging.logger.to_file", "logging.logger.to_logfile");
        for (String k : List.of("token", "token_retransmit", "hold", "join", "consensus", "merge", "downcheck",
                "fail_recv_const", "token_retransmits_before_loss_const", "seqno_unchanged_const", "miss_count_const",
                "send_join", "window_size", "max_messages")) {
            ALIASES.put("timeout." + k, "totem." + k);
        }
        ALIASES.put("timeout.retransmits_before_loss", "totem.token_retransmits_before_loss_const");
    }

    private KeyRegistry() { }

    /** The spec of a key, accepting cmap indexes and aliases; empty when the key is unknown. */
    public static Optional<KeySpec> lookup(String path) {
        return Optional.ofNullable(SPECS.get(canonical(path)));
    }

    /** The canonical path: repeat indexes removed, aliases resolved. */
    public static String canonical(String path) {
        String noIndex = path.replaceAll("\\.\\d+(?=\\.|$)", "");
        return ALIASES.getOrDefault(noIndex, noIndex);
    }

    /** All keys, in the order users read them (section by section). */
    public static Collection<KeySpec> all() {
        return Collections.unmodifiableCollection(SPECS.values());
    }

    /** Keys directly in one section path, e.g. {@code totem} or {@code totem.interface}. */
    public static List<KeySpec> section(String sectionPath) {
        List<KeySpec> out = new ArrayList<>();
        for (KeySpec s : SPECS.values()) {
            if (s.path().startsWith(sectionPath + ".") && s.path().indexOf('.', sectionPath.length() + 1) < 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether a section path is one the registry knows (it has keys or sub-sections). */
    public static boolean isKnownSection(String sectionPath) {
        String prefix = sectionPath + ".";
        return SPECS.keySet().stream().anyMatch(k -> k.startsWith(prefix))
                || ALIASES.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /**
     * Validates runtime changes (for the Config Admin bridge): each key must exist, parse, be within
     * range and be live-changeable, and the configuration that results must still be valid.
     *
     * @param current the running configuration
     * @param changes dotted keys ({@code totem.token}) to new textual values
     * @return problems; empty means the change can be applied live
     */
    public static List<ConfigProblem> validateChanges(ChorusConfig current, Map<String, String> changes) {
        return io.chorus.config.internal.RuntimeChanges.validate(current, changes);
    }

    private static void timeout(String path, String def, String description, String minMessage) {
        SPECS.put(path, new KeySpec(path, KeyType.MS, def, MINIMUM_TIMEOUT, Integer.MAX_VALUE, List.of(), true, null,
                description, null));
        SPECS.put(path, withMessage(SPECS.get(path), minMessage));
    }

    private static KeySpec withMessage(KeySpec s, String message) {
        return new KeySpec(s.path(), s.type(), s.defaultValue(), s.min(), s.max(), s.allowed(), s.liveChangeable(),
                s.restartReason(), s.description(), message);
    }

    private static void num(String path, KeyType type, String def, long min, long max, boolean live, String why,
                            String description) {
        SPECS.put(path, new KeySpec(path, type, def, min, max, List.of(), live, live ? null : why, description, null));
    }

    private static void num(String path, KeyType type, String def, long min, long max, boolean live, String why,
                            String description, String message) {
        SPECS.put(path, new KeySpec(path, type, def, min, max, List.of(), live, live ? null : why, description, message));
    }

    private static void str(String path, KeyType type, String def, long min, long max, String why, String description,
                            String message) {
        boolean live = why == null;
        if (type == KeyType.INT) {
            SPECS.put(path, new KeySpec(path, type, def, min, max, List.of(), live, why, description, message));
        } else {
            SPECS.put(path, new KeySpec(path, type, def, 0, 0, List.of(), live, why, description, message));
        }
    }

    private static void bool(String path, String def, String spellings, boolean live, String why, String description) {
        SPECS.put(path, new KeySpec(path, KeyType.BOOL, def, 0, 0, List.of(spellings.split("\\|")), live,
                live ? null : why, description, null));
    }

    private static void enumKey(String path, String def, List<String> values, boolean live, String why,
                                String description, String message) {
        SPECS.put(path, new KeySpec(path, KeyType.ENUM, def, 0, 0, values, live, live ? null : why, description,
                message));
    }
}
