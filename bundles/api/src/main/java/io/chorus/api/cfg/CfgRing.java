package io.chorus.api.cfg;

/**
 * One ring (link) of the node a CFG handle is connected to.
 *
 * @param ringNumber the interface's ringnumber
 * @param address    the node's address on it
 * @param faulty     marked FAULTY (no traffic on it until re-enabled)
 * @param status     Corosync's wording: {@code ring 0 active with no faults}, or
 *                   {@code Marking ringid 0 interface 10.0.0.1 FAULTY}
 */
public record CfgRing(int ringNumber, String address, boolean faulty, String status) {
}
