package io.chorus.api.cpg;

/**
 * One item of an iteration ({@code struct cpg_iteration_description_t}). With {@link CpgIterationType#NAME_ONLY}
 * nodeid and pid are 0.
 */
public record CpgIterationEntry(CpgGroup group, int nodeid, int pid) {
}
