package dev.drydock.cli;

import dev.drydock.server.SubmitTokens;
import dev.drydock.store.sql.SqlResultStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock token create|revoke NAME --database URL}: the tokens that may submit results to a server. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Makes or revokes a token that may submit results to the results server.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Makes a submit token named NAME and prints it, once: only its hash is kept.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "who or what submits with it, e.g. ci or alice")
        String name;

        @Mixin
        DatabaseOptions database;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SqlResultStore store = database.open()) {
                String token = new SubmitTokens(store, Clock.systemUTC()).create(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println(token);
                out.flush();
                PrintWriter err = spec.commandLine().getErr();
                err.println("drydock: token " + name + " made; it is shown only now. Submit with it: DRYDOCK_TOKEN=<token> drydock submit ...");
                err.flush();
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes the submit token named NAME at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DatabaseOptions database;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SqlResultStore store = database.open()) {
                boolean revoked = new SubmitTokens(store, Clock.systemUTC()).revoke(name);
                PrintWriter err = spec.commandLine().getErr();
                err.println(revoked ? "drydock: token " + name + " revoked" : "drydock: no active token named " + name);
                err.flush();
                return revoked ? 0 : DrydockCommand.USAGE;
            }
        }
    }
}
