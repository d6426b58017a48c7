package dev.pyassist.cli;

import dev.pyassist.config.ProjectSettings;

/**
 * {@code --trust-project-settings}, the same for every command that reads a repository's {@code pyproject.toml}
 * ({@code check}, {@code dataset annotate}, {@code dataset build --annotate}).
 */
final class TrustOption {
    static final String NAME = "--trust-project-settings";
    static final String DESCRIPTION = "Also take the user-only settings (LLM endpoints, keys and routing, the local "
            + "engine jar and model folders, validator.modelPath, assist.feedbackDirectory) from the repository's "
            + "pyproject.toml. Only for repositories you trust, such as your own in CI.";

    private TrustOption() {}

    /** Tells the user on stderr which user-only keys the repository set and where they belong. */
    static void reportIgnored(ProjectSettings project) {
        String notice = project.notice(NAME);
        if (notice != null) {
            System.err.println(notice);
        }
    }
}
