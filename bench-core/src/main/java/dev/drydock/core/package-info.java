/**
 * drydock's orchestration. Start at {@link dev.drydock.core.Drydock}: it loads a configuration
 * ({@code config}), finds providers ({@code registry}) and runs suites with {@link
 * dev.drydock.core.SuiteRunner}, which plans runs ({@link dev.drydock.core.RunPlan}) and executes
 * each with {@link dev.drydock.core.TestWritingBenchmark}: LLM session, repository at a pinned
 * commit, workspace and setup, baseline coverage, agent, coverage again, {@code git diff}, usage,
 * and a {@link dev.drydock.api.RunResult} saved to the store and summarised by {@link
 * dev.drydock.core.SummaryTable}.
 */
@NullMarked
package dev.drydock.core;

import org.jspecify.annotations.NullMarked;
