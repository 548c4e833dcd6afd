package io.chorus.api.clm;

/**
 * {@code SaVersionT}: release code, major and minor version. CLM accepts release 'B' with major 1 (any minor)
 * and answers with the version it implements, B.01.01 (services.md §1.1).
 */
public record ClmVersion(char releaseCode, int majorVersion, int minorVersion) {

    public static final ClmVersion B_01_01 = new ClmVersion('B', 1, 1);

    /** Whether a client asking for this version can be served (the minor version is not checked). */
    public boolean supported() {
        return releaseCode == 'B' && majorVersion == 1;
    }

    @Override
    public String toString() {
        return releaseCode + "." + majorVersion + "." + minorVersion;
    }
}
