package dev.drydock.spi;

/** A running LLM proxy, open for the whole benchmark session. */
public interface LlmProxy extends AutoCloseable {
    /** Opens a metered session for one run, with its own key. */
    LlmSession openSession(String runId);

    @Override
    void close();
}
