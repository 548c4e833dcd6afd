/**
 * The Config Admin bridge: corosync.conf into Config Admin at boot, Config Admin edits back into the running
 * node, and {@code logging { }} into Pax Logging. Not exported; the public face is
 * {@link io.chorus.config.ChorusConfig} (published as a service, newest = highest {@code service.ranking}),
 * {@link io.chorus.config.ChorusConfigListener} and {@link io.chorus.config.ConfigChangeEvent}.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>The file wins at boot.</b> Every boot rewrites the {@code io.chorus.*} configurations from
 *       corosync.conf, whatever Config Admin or {@code etc/*.cfg} held before (Karaf then rewrites those
 *       files to match). Runtime edits are runtime only; permanent changes go into corosync.conf.</li>
 *   <li><b>Only explicit values go into Config Admin.</b> Defaults and derived values stay derived, so a
 *       new {@code token} moves {@code consensus}, {@code token_retransmit} and {@code hold} unless they
 *       were written; listeners get those as APPLIED events "derived from totem.token".</li>
 *   <li><b>Values are strings</b>, as in the file and as {@code config:property-set} writes them; the key
 *       registry parses them.</li>
 *   <li><b>Edits are checked key by key</b> ({@link io.chorus.config.KeyRegistry}); live keys of one edit
 *       are applied together or refused together (a cross-check such as consensus &ge; join can involve
 *       several); non-live, unknown and invalid keys are refused and put back in Config Admin.</li>
 *   <li><b>Keys left out of an edit keep their value</b> (a {@code .cfg} file holding only what it
 *       changes); keys are removed by editing corosync.conf and restarting.</li>
 *   <li><b>Our own writes are recognised</b> by comparing with what the bridge last wrote per pid, not by
 *       flags, so an echo of our write is a no-op and a user's edit is never mistaken for one.</li>
 *   <li><b>service { } stanzas</b> are factory configurations named after the service
 *       ({@code io.chorus.service~pacemaker}); edits are passed on to listeners for the service manager,
 *       not validated here beyond the key registry's rules at boot.</li>
 *   <li><b>Pax Logging</b> gets only keys under {@code log4j2.logger.chorus*} and
 *       {@code log4j2.appender.chorus*}; Karaf's own logging is untouched. It is reconfigured last, because
 *       Pax Logging drops events logged while it reconfigures.</li>
 *   <li><b>A file with errors publishes nothing</b>: no configurations, no ChorusConfig service; each
 *       problem is logged as {@code FILE:LINE: reason}.</li>
 * </ul>
 */
package io.chorus.config.internal.cm;
