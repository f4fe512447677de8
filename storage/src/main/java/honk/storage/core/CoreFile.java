package honk.storage.core;

/**
 * A file in a core image as its manifest lists it: the path (relative, '/'-separated) and its size
 * in bytes.
 */
public record CoreFile(String path, long size) {}
