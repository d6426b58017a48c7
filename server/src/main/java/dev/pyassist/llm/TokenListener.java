package dev.pyassist.llm;

/**
 * Receives generated text as it arrives. For a streaming request it is called once per text delta, in order;
 * for a non-streaming request once with the whole text. It is called on a backend thread (never the caller's),
 * must return quickly and must not block. If it throws, the call is aborted and its result fails with that exception.
 */
@FunctionalInterface
public interface TokenListener {

    TokenListener NONE = text -> { };

    void onToken(String text);
}
