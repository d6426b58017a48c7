/**
 * Workspace context: {@link dev.pyassist.retrieval.WorkspaceIndex}, an in-memory Lucene index (BM25) of the
 * workspace's Python functions and classes, with identifiers split into words. The server builds it in the background
 * after {@code initialized} (with {@code $/progress}), keeps it current from open buffers (debounced) and
 * {@code workspace/didChangeWatchedFiles}, and hands the best units, within {@code pyassist.assist.context.maxUnits}
 * and {@code maxChars}, to the summarize, generate and ask prompts.
 */
package dev.pyassist.retrieval;
