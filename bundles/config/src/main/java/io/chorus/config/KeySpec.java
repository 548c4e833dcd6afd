package io.chorus.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything known about one configuration key: its type, default, range, whether it can change on a
 * running node and, if not, why.
 *
 * @param path            dotted path without repeat indexes, e.g. {@code totem.interface.mcastport}
 * @param type            value type
 * @param defaultValue    default as text, null when there is none or it is derived (see {@code description})
 * @param min             smallest allowed integer value (INT/MS only)
 * @param max             largest allowed integer value (INT/MS only)
 * @param allowed         accepted spellings (BOOL: true spellings first half, then false; ENUM: values)
 * @param liveChangeable  true when a running node applies a change without restart
 * @param restartReason   why a change needs a restart (null when live-changeable)
 * @param description     one line for users
 * @param invalidMessage  reason text for a value that fails parsing or range; {key} {value} {min} {max} are replaced
 */
public record KeySpec(String path, KeyType type, String defaultValue, long min, long max, List<String> allowed,
                      boolean liveChangeable, String restartReason, String description, String invalidMessage) {

    public KeySpec {
        allowed = List.copyOf(allowed);
    }

    /** The last path component, as written in the file. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /**
     * Parses a value of this key. Integers come back as {@link Long}, booleans as {@link Boolean}, enums
     * as the lower-case canonical text, addresses as {@link InetAddress}, everything else as String.
     *
     * @return the typed value, or an error reason
     */
    public Result parse(String text) {
        String v = text.trim();
        switch (type) {
            case INT, MS -> {
                long n;
                try {
                    n = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    // A word where a number belongs: the range message would read oddly, so say what is expected.
                    return Result.fail(format("invalid value '{value}' for {key}: expected "
                            + (type == KeyType.MS ? "milliseconds" : "an integer"), v));
                }
                if (n < min || n > max) {
                    return Result.fail(format(invalidMessage != null ? invalidMessage
                            : "value {value} for {key} is out of range {min}..{max}", v));
                }
                return Result.ok(n);
            }
            case BOOL -> {
                String lower = v.toLowerCase(Locale.ROOT);
                int i = allowed.indexOf(lower);
                if (i < 0) {
                    return Result.fail(format(invalidMessage != null ? invalidMessage : "unknown value for {key}", v));
                }
                return Result.ok(BoolSpellings.isTrue(lower));
            }
            case ENUM -> {
                if (!allowed.contains(v)) {
                    return Result.fail(format(invalidMessage != null ? invalidMessage
                            : "unknown value '{value}' for {key}, must be one of " + String.join(", ", allowed), v));
                }
                return Result.ok(v);
            }
            case ADDRESS -> {
                Optional<InetAddress> a = Addresses.parseLiteral(v);
                if (a.isEmpty()) {
                    return Result.fail(format(invalidMessage != null ? invalidMessage
                            : "invalid network address '{value}' for {key}", v));
                }
                return Result.ok(a.get());
            }
            default -> {
                if (v.isEmpty()) {
                    return Result.fail(format("empty value for {key}", v));
                }
                return Result.ok(v);
            }
        }
    }

    private String format(String template, String value) {
        return template.replace("{key}", name()).replace("{value}", value)
                .replace("{min}", Long.toString(min)).replace("{max}", Long.toString(max));
    }

    /** Outcome of {@link #parse}: a typed value or a reason. */
    public record Result(Object value, String error) {
        static Result ok(Object v) {
            return new Result(v, null);
        }

        static Result fail(String reason) {
            return new Result(null, reason);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** Which spellings mean true. */
    static final class BoolSpellings {
        private BoolSpellings() { }

        static boolean isTrue(String s) {
            return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true");
        }
    }
}
