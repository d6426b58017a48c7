package dev.pyassist;

/** The version pyassist reports to clients and on {@code --version}. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {}
}
