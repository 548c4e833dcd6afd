/**
 * Extended virtual synchrony checking of recorded histories: {@link io.chorus.totem.evs.EvsChecker} states
 * the rules; {@link io.chorus.totem.evs.RunHistory} is what a simulation (or a hand-written test) records.
 */
package io.chorus.totem.evs;
