package io.chorus.config;

import java.util.List;
import java.util.OptionalLong;

/** The resolved {@code totem { }} section (plus OpenAIS 0.70's {@code timeout { }}), every default and derived value filled in. */
public final class TotemSettings {
    private final SectionValues v;
    private final List<InterfaceSettings> interfaces;

    public TotemSettings(SectionValues values, List<InterfaceSettings> interfaces) {
        this.v = values;
        this.interfaces = List.copyOf(interfaces);
    }

    /** Raw access to every resolved key (with its source). */
    public SectionValues values() { return v; }

    /** Rings in ring-number order. */
    public List<InterfaceSettings> interfaces() { return interfaces; }

    /** The configured node id; empty when it is derived from the local address at startup. */
    public OptionalLong nodeId() {
        return v.has("nodeid") ? OptionalLong.of(v.longValue("nodeid")) : OptionalLong.empty();
    }

    public Transport transport() { return Transport.of(v.string("transport")); }
    public RrpMode rrpMode() { return RrpMode.of(v.string("rrp_mode")); }
    public String clusterName() { return v.string("cluster_name"); }
    public boolean secauth() { return v.bool("secauth"); }
    public String cryptoCipher() { return v.string("crypto_cipher"); }
    public String cryptoHash() { return v.string("crypto_hash"); }
    /** True when packets are authenticated and encrypted (secauth on, or a crypto cipher/hash set). */
    public boolean cryptoEnabled() {
        return secauth() || !"none".equals(cryptoCipher()) || !"none".equals(cryptoHash());
    }
    public String keyfile() { return v.string("keyfile"); }
    public int threads() { return v.intValue("threads"); }
    public int netmtu() { return v.intValue("netmtu"); }
    public boolean clearNodeHighBit() { return v.bool("clear_node_high_bit"); }
    public boolean blockUnlistedIps() { return v.bool("block_unlisted_ips"); }
    public String vsftype() { return v.string("vsftype"); }

    public int token() { return v.intValue("token"); }
    public int tokenCoefficient() { return v.intValue("token_coefficient"); }
    public int tokenRetransmit() { return v.intValue("token_retransmit"); }
    public int hold() { return v.intValue("hold"); }
    public int tokenRetransmitsBeforeLossConst() { return v.intValue("token_retransmits_before_loss_const"); }
    public int join() { return v.intValue("join"); }
    public int sendJoin() { return v.intValue("send_join"); }
    public int consensus() { return v.intValue("consensus"); }
    public int merge() { return v.intValue("merge"); }
    public int downcheck() { return v.intValue("downcheck"); }
    public int failRecvConst() { return v.intValue("fail_recv_const"); }
    public int seqnoUnchangedConst() { return v.intValue("seqno_unchanged_const"); }
    public int missCountConst() { return v.intValue("miss_count_const"); }
    public int windowSize() { return v.intValue("window_size"); }
    public int maxMessages() { return v.intValue("max_messages"); }
    public int heartbeatFailuresAllowed() { return v.intValue("heartbeat_failures_allowed"); }
    public int maxNetworkDelay() { return v.intValue("max_network_delay"); }
    public int rrpProblemCountTimeout() { return v.intValue("rrp_problem_count_timeout"); }
    public int rrpProblemCountThreshold() { return v.intValue("rrp_problem_count_threshold"); }
    public int rrpProblemCountMcastThreshold() { return v.intValue("rrp_problem_count_mcast_threshold"); }
    public int rrpTokenExpiredTimeout() { return v.intValue("rrp_token_expired_timeout"); }
    public int rrpAutorecoveryCheckTimeout() { return v.intValue("rrp_autorecovery_check_timeout"); }
}
