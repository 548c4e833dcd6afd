package io.chorus.config.internal;

import io.chorus.config.ConfigProblem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The line grammar shared by corosync.conf (separator ':') and amf.conf (separator '='), a cleaned-up
 * version of Corosync 3's parser: CRLF accepted, whitespace-only lines and '#' comment lines ignored,
 * a key/value line split at the FIRST separator (IPv6 values contain ':'), exact line numbers, and
 * any line of unknown shape is an error instead of being silently skipped.
 */
public final class ConfigParser {

    /** Longer lines are refused; far above anything sensible, but keeps a binary file from looking like config. */
    public static final int MAX_LINE_LENGTH = 4096;

    private final char separator;
    private final boolean allowBareLines;

    /**
     * @param separator      ':' for corosync.conf, '=' for amf.conf
     * @param allowBareLines whether lines with neither separator nor brace are kept (amf.conf lists)
     */
    public ConfigParser(char separator, boolean allowBareLines) {
        this.separator = separator;
        this.allowBareLines = allowBareLines;
    }

    /**
     * Parses text into {@code root}'s items. Problems are appended to {@code problems}; parsing goes on
     * after a bad line so a user sees all of them at once.
     */
    public void parse(String text, String file, ConfigNode root, List<ConfigProblem> problems) {
        Deque<ConfigNode> stack = new ArrayDeque<>();
        stack.push(root);
        int lineNo = 0;
        int start = 0;
        int len = text.length();
        while (start < len) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? len : nl;
            lineNo++;
            String raw = text.substring(start, end);
            start = end + 1;
            if (raw.endsWith("\r")) {
                raw = raw.substring(0, raw.length() - 1);
            }
            if (raw.length() > MAX_LINE_LENGTH) {
                problems.add(ConfigProblem.error(file, lineNo, "Line too long"));
                continue;
            }
            parseLine(trim(raw), file, lineNo, stack, problems);
        }
        while (stack.size() > 1) {
            ConfigNode open = stack.pop();
            problems.add(ConfigProblem.error(file, open.line(), "Missing closing brace"));
        }
    }

    private void parseLine(String line, String file, int lineNo, Deque<ConfigNode> stack,
                           List<ConfigProblem> problems) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        int sep = line.indexOf(separator);
        int open = line.indexOf('{');
        int close = line.indexOf('}');
        boolean sepFirst = sep >= 0 && (open < 0 || sep < open) && (close < 0 || sep < close);

        if (line.charAt(line.length() - 1) == '{') {
            String name = trim(line.substring(0, line.length() - 1));
            if (name.isEmpty()) {
                problems.add(ConfigProblem.error(file, lineNo, "Missing section name before opening bracket '{'"));
                return;
            }
            if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
                problems.add(ConfigProblem.error(file, lineNo, "Extra characters after opening bracket '{'"));
                return;
            }
            ConfigNode section = new ConfigNode(name, file, lineNo);
            stack.peek().add(section);
            stack.push(section);
            return;
        }
        if (open >= 0 && !sepFirst) {
            problems.add(ConfigProblem.error(file, lineNo, open == 0
                    ? "Missing section name before opening bracket '{'"
                    : "Extra characters after opening bracket '{'"));
            return;
        }
        if (line.equals("}")) {
            if (stack.size() == 1) {
                problems.add(ConfigProblem.error(file, lineNo, "Unexpected closing brace"));
            } else {
                stack.pop();
            }
            return;
        }
        if (close >= 0 && !sepFirst) {
            problems.add(ConfigProblem.error(file, lineNo, "Extra characters before or after closing bracket '}'"));
            return;
        }
        if (sep >= 0) {
            String key = trim(line.substring(0, sep));
            String value = trim(line.substring(sep + 1));
            if (key.isEmpty()) {
                problems.add(ConfigProblem.error(file, lineNo, "Key name can't be empty"));
                return;
            }
            stack.peek().add(new ConfigNode.KeyValue(key, value, file, lineNo));
            return;
        }
        if (allowBareLines) {
            stack.peek().add(new ConfigNode.BareLine(line, file, lineNo));
            return;
        }
        problems.add(ConfigProblem.error(file, lineNo, "Line is not opening or closing section or key value"));
    }

    /** Trims blanks as the grammar defines them: space, tab and no-break space (and other control chars). */
    static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isBlank(s.charAt(b))) {
            b++;
        }
        while (e > b && isBlank(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
