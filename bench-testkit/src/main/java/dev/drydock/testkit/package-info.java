/**
 * Contract test kits every provider passes ({@link dev.drydock.testkit.WorkspaceContract}, {@link
 * dev.drydock.testkit.ResultStoreContract}) and small fixtures for provider tests: git repositories
 * made on the fly and sample results. Extend a contract class in a provider's tests and implement
 * its factory method.
 */
@NullMarked
package dev.drydock.testkit;

import org.jspecify.annotations.NullMarked;
