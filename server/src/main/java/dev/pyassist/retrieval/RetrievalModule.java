package dev.pyassist.retrieval;

import com.google.inject.AbstractModule;

/** The retrieval part: the BM25 index of the workspace's functions and classes, one per root. */
public final class RetrievalModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(WorkspaceIndexes.class).toInstance(WorkspaceIndex::new);
    }
}
