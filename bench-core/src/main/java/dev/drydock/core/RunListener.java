package dev.drydock.core;

import dev.drydock.api.RunResult;

/** Hears about progress, e.g. to print it. Called on the thread that runs the suite. */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void runStarted(RunPlan plan, int index, int total) {}

    /** A step of a run began, e.g. {@code baseline}, {@code agent}. */
    default void step(RunPlan plan, String step) {}

    default void runFinished(RunResult result, int index, int total) {}

    /** The result could not be stored; the run goes on and the suite ends with an error. */
    default void storeFailed(RunResult result, RuntimeException error) {}

    /** With {@code --resume}: the store already has this run's result; it does not run again. */
    default void runSkipped(RunPlan plan, RunResult stored, int index, int total) {}

    /** A run an earlier drydock left unfinished was recorded as interrupted. */
    default void interruptedRunRecorded(RunResult result) {}
}
