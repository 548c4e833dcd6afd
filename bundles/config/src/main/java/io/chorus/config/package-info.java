/**
 * corosync.conf and amf.conf: parsing, the typed model, validation.
 *
 * <h2>Entry points</h2>
 * {@link io.chorus.config.ConfigLoader#load} (throws {@link io.chorus.config.ConfigException} with every
 * {@link io.chorus.config.ConfigProblem}), {@link io.chorus.config.ConfigLoader#check} (a
 * {@link io.chorus.config.CheckReport} with warnings), {@link io.chorus.config.KeyRegistry#lookup} for one key's
 * type, range and live-changeability, {@link io.chorus.config.KeyRegistry#validateChanges} and
 * {@link io.chorus.config.ChorusConfig#withChanges} for runtime edits, {@link io.chorus.config.HostChecks} for
 * findings that depend on the host.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li><b>Grammar</b>: Corosync 3's, cleaned up (services.md 2.2). Lines up to 4096 characters (longer:
 * {@code Line too long}); '#' starts a comment only as the first non-blank character, as in Corosync, so
 * {@code token: 5000 # x} is an error, not a silent truncation. {@code Missing closing brace} is reported at the
 * line of the section left open. When the file has syntax errors no model is built.</li>
 * <li><b>Era</b> ({@link io.chorus.config.Era}) is detected: a nodelist means Corosync 3; {@code version}
 * or {@code interface} in totem means whitetank/Corosync 1.x; totem/network without them, {@code timeout { }} or
 * {@code logoutput} means OpenAIS 0.70; bare top-level bindnetaddr/mcastaddr/mcastport means AIS network.conf.
 * {@code version: 2} is required for whitetank and Corosync 3 files.</li>
 * <li><b>Defaults per era</b>: token 1000 (whitetank/cs1, OpenAIS) vs 3000 + (N-2) x token_coefficient 650 for
 * nodelist files with N &gt; 2 (applied to an explicit token too, as corosync.conf(5) says); join 100 for OpenAIS
 * 0.70, 50 otherwise; transport udp, but udpu for nodelist files (Chorus does not speak knet, which is refused);
 * secauth on, but off for nodelist files (crypto_cipher/crypto_hash none); OpenAIS 0.70 logging defaults to
 * debug and timestamp on (its QUICKSTART). Consensus is 1.2 x token and fail_recv_const 2500 in every era (the
 * OpenAIS 0.70 code defaults 200 and 10 were unsafe).</li>
 * <li><b>Derived</b>: token_retransmit = (int)(token / (token_retransmits_before_loss_const + 0.2)),
 * hold = (int)(token_retransmit x 0.8 - 10) from the effective token_retransmit, consensus = (int)(1.2 x token),
 * rrp_problem_count_mcast_threshold = 10 x threshold, rrp_token_expired_timeout = token_retransmit,
 * udp mcastaddr of nodelist files from cluster_name, nodeid from an IPv4 ring0_addr, quorum expected_votes from
 * the nodelist, wait_for_all from two_node.</li>
 * <li><b>Live changes</b>: totem timeouts and flow-control constants and all logging keys; addresses,
 * transport, nodeid, crypto, rrp_mode and netmtu need a restart, each with its reason in
 * {@link io.chorus.config.KeySpec#restartReason()}.</li>
 * <li><b>Warnings, not errors</b>: unknown keys and sections, consensus &le; token with 3 or more nodes, bad
 * logging tags, obsolete spellings. Host findings (no local nodelist address, bindnetaddr matching no interface,
 * missing state_dir) are warnings in {@code chorus check} and errors at node start
 * ({@link io.chorus.config.HostChecks#asErrors}).</li>
 * <li><b>state_dir</b> may be relative; it resolves against CHORUS_HOME
 * ({@link io.chorus.config.ConfigLoader#home}).</li>
 * <li><b>Include folders</b>: {@code service.d/} and {@code uidgid.d/} next to the main file, files sorted by
 * name, hidden and backup (~) files skipped; other sections in them are warned about and ignored.</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.chorus.config;
