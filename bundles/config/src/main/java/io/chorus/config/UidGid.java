package io.chorus.config;

/** A {@code uidgid { uid gid }} stanza: extra credentials allowed over IPC. Either part may be null. */
public record UidGid(String uid, String gid, String file, int line) { }
