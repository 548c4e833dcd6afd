package io.chorus.config;

/** How bad a {@link ConfigProblem} is: errors stop a node from starting, warnings do not. */
public enum Severity {
    ERROR,
    WARNING
}
