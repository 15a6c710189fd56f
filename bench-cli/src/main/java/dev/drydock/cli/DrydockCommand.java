package dev.drydock.cli;

import dev.drydock.api.ConfigurationException;
import dev.drydock.api.DrydockException;
import dev.drydock.core.Drydock;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drydock}: the command-line front of drydock. */
@Command(
        name = "drydock",
        mixinStandardHelpOptions = true,
        versionProvider = DrydockCommand.Version.class,
        description = "Benchmarks code-writing agents on real repositories.",
        subcommands = {RunCommand.class, CalibrateCommand.class, ValidateCommand.class, ShowCommand.class,
            ReportCommand.class, CatalogCommand.class, ServeCommand.class, TokenCommand.class, SubmitCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run was executed and recorded (agent failures are results, not errors)",
            "1:some runs failed for infrastructure reasons (see the table)",
            "2:the configuration or the command line is wrong",
            "3:a provider or the result store failed"
        })
public final class DrydockCommand implements Runnable {
    public static final int INFRASTRUCTURE_FAILURES = 1;
    public static final int USAGE = 2;
    public static final int PROVIDER_FAILURE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns its exit code (for tests and embedding). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new DrydockCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(DrydockCommand::exitCode);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(e instanceof DrydockException ? "drydock: " + e.getMessage() : "drydock: internal error: " + e);
            if (!(e instanceof DrydockException)) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return exitCode(e);
        });
        return commandLine.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof ConfigurationException || e instanceof CommandLine.ParameterException
                || e instanceof DrydockException drydock && drydock.code() == dev.drydock.api.ErrorCode.CONFIGURATION) {
            return USAGE;
        }
        return PROVIDER_FAILURE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"drydock " + Drydock.version()};
        }
    }
}
