/**
 * The deterministic Totem simulator (test scope): N real cores on a simulated network, driven by a virtual
 * clock from one seed. Start with {@link io.chorus.totem.sim.SimulationRunner} and the README.md next to
 * this file; {@link io.chorus.totem.sim.SimulatorMain} is the command line.
 */
package io.chorus.totem.sim;
