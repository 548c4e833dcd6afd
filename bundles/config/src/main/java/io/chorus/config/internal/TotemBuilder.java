package io.chorus.config.internal;

import io.chorus.config.Era;
import io.chorus.config.KeyRegistry;
import io.chorus.config.KeySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scalar keys of {@code totem { }} (and OpenAIS 0.70's {@code timeout { }} and {@code network { }}):
 * explicit values, era defaults, the derived timeouts of corosync-wire.md section 2.0, and their checks.
 */
final class TotemBuilder {

    /** Interface keys that OpenAIS 0.70 wrote directly in totem; the interface builder reads them. */
    static final Set<String> INLINE_INTERFACE_KEYS = Set.of("bindnetaddr", "mcastaddr", "mcastport", "ttl", "broadcast");

    /** Shown in the effective configuration only when written: they belong to other eras or are rarely used. */
    private static final Set<String> ONLY_WHEN_EXPLICIT = Set.of("crypto_type", "crypto_accept", "link_mode",
            "ip_version", "config_version", "token_coefficient");

    private final BuildContext ctx;
    final ValueTable table = new ValueTable("totem", "totem");
    /** The first totem section, for problems about the section as a whole. */
    ConfigNode first;

    TotemBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    List<ConfigNode> totemSections(ConfigNode root) {
        List<ConfigNode> out = new ArrayList<>(root.sections("totem"));
        out.addAll(root.sections("network"));
        return out;
    }

    /** Reads explicit values; version is checked here because its rule depends on the era. */
    void collect(ConfigNode root) {
        List<ConfigNode> sections = totemSections(root);
        if (!sections.isEmpty()) {
            first = sections.get(0);
        }
        Map<String, ValueTable> tables = Map.of("totem", table);
        for (ConfigNode t : sections) {
            checkVersion(t);
            ctx.collect(t, "totem", table, tables, union(INLINE_INTERFACE_KEYS, Set.of("version")), Set.of("interface"));
        }
        for (ConfigNode t : root.sections("timeout")) {
            if (ctx.era != Era.OPENAIS_070) {
                ctx.warning(t.file(), t.line(), "the timeout section is the OpenAIS 0.70 layout; "
                        + "put these keys in totem { } instead");
            }
            ctx.collect(t, "timeout", table, tables, Set.of(), Set.of());
        }
        boolean needsVersion = ctx.era == Era.WHITETANK || ctx.era == Era.COROSYNC_3;
        if (needsVersion && !table.has("version")) {
            ConfigNode at = first != null ? first : root;
            ctx.error(at.file(), at.line(), "This totem parser can only parse version 2 configurations.");
        }
    }

    private void checkVersion(ConfigNode t) {
        for (ConfigNode.KeyValue kv : t.all("version")) {
            boolean ok = kv.value().equals("2") || ctx.era == Era.OPENAIS_070 && kv.value().equals("1");
            if (!ok) {
                ctx.error(kv, "This totem parser can only parse version 2 configurations.");
            } else {
                table.explicit("version", Long.parseLong(kv.value()), kv);
            }
        }
    }

    /** Defaults and derived values; {@code nodeCount} is the nodelist size (0 without a nodelist). */
    void resolve(int nodeCount) {
        ctx.fillDefaults(table, ONLY_WHEN_EXPLICIT);
        if (!table.has("token_coefficient")) {
            table.defaultValue("token_coefficient", (long) KeyRegistry.TOKEN_COEFFICIENT);
            if (ctx.era != Era.COROSYNC_3) {
                table.remove("token_coefficient");
            }
        }
        if (ctx.era == Era.COROSYNC_3 && nodeCount > 2) {
            // Corosync 3 scales the token with the cluster size, even an explicit one (corosync.conf(5)).
            long coefficient = table.getLong("token_coefficient");
            if (coefficient > 0) {
                long token = table.getLong("token") + (nodeCount - 2) * coefficient;
                table.derived("token", token, table.origin("token"));
            }
        }
        long token = table.getLong("token");
        long rbl = table.getLong("token_retransmits_before_loss_const");
        if (!table.has("token_retransmit")) {
            table.derived("token_retransmit", (long) (token / (rbl + 0.2)), table.origin("token"));
        }
        long retransmit = table.getLong("token_retransmit");
        if (!table.has("hold")) {
            // 1000/HZ with HZ = 100, as Corosync computes it.
            table.derived("hold", (long) (retransmit * 0.8 - 10), table.origin("token"));
        }
        if (!table.has("consensus")) {
            table.derived("consensus", (long) (1.2 * token), table.origin("token"));
        }
        if (!table.has("rrp_problem_count_mcast_threshold")) {
            table.derived("rrp_problem_count_mcast_threshold", 10 * table.getLong("rrp_problem_count_threshold"),
                    table.origin("rrp_problem_count_threshold"));
        }
        if (!table.has("rrp_token_expired_timeout")) {
            table.derived("rrp_token_expired_timeout", retransmit, table.origin("token_retransmit"));
        }
        boolean crypto = (Boolean) table.get("secauth") || !"none".equals(table.getString("crypto_cipher"))
                || !"none".equals(table.getString("crypto_hash"));
        long threads = table.getLong("threads");
        if (threads > KeyRegistry.SEND_THREADS_MAX) {
            ctx.warning(table.origin("threads"), "threads (" + threads + ") capped at " + KeyRegistry.SEND_THREADS_MAX);
            table.derived("threads", (long) KeyRegistry.SEND_THREADS_MAX, table.origin("threads"));
        } else if (threads > 0 && !crypto) {
            table.derived("threads", 0L, table.origin("threads"));
        }
    }

    /** Cross-key checks of the timeouts and flow control. */
    void validate(int nodeCount) {
        for (String key : List.of("token", "token_retransmit", "hold", "join", "consensus", "merge", "downcheck")) {
            long v = table.getLong(key);
            if (v < KeyRegistry.MINIMUM_TIMEOUT && !table.isExplicit(key)) {
                KeySpec spec = KeyRegistry.lookup("totem." + key).orElseThrow();
                ConfigNode.KeyValue at = table.origin("token");
                String reason = spec.invalidMessage().replace("{value}", Long.toString(v))
                        .replace("{min}", Integer.toString(KeyRegistry.MINIMUM_TIMEOUT)) + " (derived from token)";
                if (at != null) {
                    ctx.error(at, reason);
                } else {
                    ctx.error(first == null ? "?" : first.file(), first == null ? 0 : first.line(), reason);
                }
            }
        }
        long consensus = table.getLong("consensus");
        long join = table.getLong("join");
        long token = table.getLong("token");
        ConfigNode.KeyValue at = firstNonNull(table.origin("consensus"), table.origin("join"), table.origin("token"));
        if (consensus < join) {
            report(at, true, "The consensus timeout parameter (" + consensus
                    + " ms) may not be less than join timeout (" + join + " ms).");
        }
        if (nodeCount >= 3 && consensus <= token) {
            report(at, false, "consensus (" + consensus + " ms) should be greater than token (" + token
                    + " ms) in a cluster of " + nodeCount + " nodes");
        }
        long netmtu = table.getLong("netmtu");
        long maxMessages = table.getLong("max_messages");
        long queueMax = KeyRegistry.MESSAGE_SIZE_MAX / netmtu;
        if (maxMessages > queueMax) {
            report(table.origin("max_messages"), true, "The max_messages parameter (" + maxMessages
                    + " messages) may not be greater than (" + queueMax + " messages).");
        }
        String cipher = table.getString("crypto_cipher");
        String hash = table.getString("crypto_hash");
        if (!"none".equals(cipher) && "none".equals(hash)) {
            report(table.origin("crypto_cipher"), true, "crypto_cipher requires crypto_hash with value other than none");
        }
        String transport = table.getString("transport");
        if (transport.equals("knet") || transport.equals("iba")) {
            report(table.origin("transport"), true, "transport type " + transport
                    + " is unsupported (Chorus speaks udp and udpu)");
        }
        if (ctx.era == Era.COROSYNC_3 && (!"none".equals(cipher) || !"none".equals(hash))
                && !transport.equals("knet")) {
            report(table.origin(!"none".equals(cipher) ? "crypto_cipher" : "crypto_hash"), false,
                    "Corosync 3 accepts crypto only with knet; real Corosync nodes cannot join an encrypted "
                            + transport + " ring");
        }
    }

    private void report(ConfigNode.KeyValue at, boolean error, String reason) {
        String file = at != null ? at.file() : first != null ? first.file() : "?";
        int line = at != null ? at.line() : first != null ? first.line() : 0;
        if (error) {
            ctx.error(file, line, reason);
        } else {
            ctx.warning(file, line, reason);
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }
}
