package io.chorus.config;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link ConfigLoader#check}: all problems (errors and warnings) and, when there is no
 * error, the model.
 */
public record CheckReport(java.nio.file.Path file, List<ConfigProblem> problems, ChorusConfig config) {

    public CheckReport {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return config != null && errors().isEmpty();
    }

    public Optional<ChorusConfig> model() {
        return Optional.ofNullable(config);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

}
