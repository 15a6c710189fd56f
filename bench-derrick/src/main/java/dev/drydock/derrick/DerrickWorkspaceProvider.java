package dev.drydock.derrick;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code workspace: {provider: derrick}}: workspaces served by the real Derrick. Installs nothing at
 * run time; the binary must be on {@code PATH} (or configured) and be the version drydock is tested
 * with, {@value #TESTED_VERSION} ({@code cargo install derrick --version 0.4.0 --locked}).
 */
public final class DerrickWorkspaceProvider implements WorkspaceProvider {
    public static final String NAME = "derrick";
    public static final String TESTED_VERSION = "0.4.0";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<? extends Record> configType() {
        return DerrickConfig.class;
    }

    @Override
    public WorkspaceBackend create(ProviderConfig config, ProviderContext context) {
        DerrickConfig settings = config.bind(DerrickConfig.class);
        String version = version(settings.binary());
        if (!version.equals("derrick " + TESTED_VERSION)) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, settings.binary() + " reports '" + version
                    + "', but drydock drives Derrick " + TESTED_VERSION + "; install it with: cargo install derrick --version "
                    + TESTED_VERSION + " --locked");
        }
        return new DerrickBackend(settings, context, commandEnv(context.environment(), settings, context.userHome()));
    }

    /** {@code derrick -V}, or a clear error when it cannot run. */
    static String version(String binary) {
        try {
            Process process = new ProcessBuilder(binary, "-V").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, binary + " -V failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot run '" + binary + "' (" + e.getMessage()
                    + "); install Derrick with: cargo install derrick --version " + TESTED_VERSION + " --locked", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while checking " + binary, e);
        }
    }

    /**
     * What commands see of drydock's environment: the names {@code inherit-env} lists, with the
     * toolchain homes of the user made explicit (commands get a private {@code HOME}).
     */
    static Map<String, String> commandEnv(Map<String, String> hostEnv, DerrickConfig settings, Path userHome) {
        return HostEnvironment.inherited(HostEnvironment.withToolchainHomes(hostEnv, userHome), settings.inheritEnv());
    }
}
