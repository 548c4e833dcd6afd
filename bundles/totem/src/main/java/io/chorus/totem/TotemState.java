package io.chorus.totem;

/** The four membership states of the single-ring protocol. */
public enum TotemState {
    /** Looking for the other processors: joins go out until every candidate agrees on the same sets. */
    GATHER,
    /** The commit token circulates twice to install the new ring. */
    COMMIT,
    /** Old-ring messages are re-sent on the new ring so that every transitional member has them. */
    RECOVERY,
    /** The ring orders and delivers messages. */
    OPERATIONAL
}
