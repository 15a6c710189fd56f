/** The built-in {@code none} LLM provider: agents get no model, usage is zero. */
@NullMarked
package dev.drydock.core.llm;

import org.jspecify.annotations.NullMarked;
