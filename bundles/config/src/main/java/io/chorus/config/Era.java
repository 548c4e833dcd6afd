package io.chorus.config;

/** Which generation of the main configuration file a file is written for; decides some defaults. */
public enum Era {
    /** AIS 0.1 {@code network.conf}: bare {@code bindnetaddr:}/{@code mcastaddr:}/{@code mcastport:} lines. */
    AIS_NETWORK_CONF("AIS network.conf"),
    /** OpenAIS 0.6x-0.70: {@code totem}/{@code network}, {@code timeout { }}, {@code logging { logoutput: }}. */
    OPENAIS_070("OpenAIS 0.70"),
    /** OpenAIS whitetank 0.80 and Corosync 1.x: {@code totem { version: 2 interface { } }}. */
    WHITETANK("whitetank / Corosync 1.x"),
    /** Corosync 2/3: a {@code nodelist { node { } }} supplies the members. */
    COROSYNC_3("Corosync 3");

    private final String displayName;

    Era(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
