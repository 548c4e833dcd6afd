package io.chorus.api.quorum;

/** One entry of a votequorum notification: a node and its state (MEMBER 1, DEAD 2, LEAVING 3). */
public record VotequorumNode(int nodeId, int state) {

    public static final int MEMBER = 1;
    public static final int DEAD = 2;
    public static final int LEAVING = 3;

    public String stateName() {
        return switch (state) {
            case MEMBER -> "MEMBER";
            case DEAD -> "DEAD";
            case LEAVING -> "LEAVING";
            default -> "UNKNOWN";
        };
    }
}
