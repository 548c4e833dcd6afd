package io.chorus.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration has at least one error; holds every problem found (warnings too). */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().filter(ConfigProblem::isError).map(ConfigProblem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, errors and warnings, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }
}
