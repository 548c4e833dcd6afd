package io.chorus.config;

import java.util.Objects;

/**
 * One finding about a configuration file: where it is and why it matters.
 *
 * @param file     the file the problem is in, as the user named it (never null)
 * @param line     1-based line number; 0 when the problem concerns the file as a whole
 * @param severity error or warning
 * @param reason   the reason, without file or line (historic Corosync wording where there is one)
 */
public record ConfigProblem(String file, int line, Severity severity, String reason) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
    }

    public static ConfigProblem error(String file, int line, String reason) {
        return new ConfigProblem(file, line, Severity.ERROR, reason);
    }

    public static ConfigProblem warning(String file, int line, String reason) {
        return new ConfigProblem(file, line, Severity.WARNING, reason);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE: reason} for errors, {@code FILE:LINE: warning: reason} for warnings. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        return sb.append(reason).toString();
    }
}
