package io.shardline.tools;

import java.io.PrintWriter;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code shardline}: the operator's command line for a Shardline application. {@code java -jar
 * shardline-tools-<version>-all.jar --help}; every command has {@code --help}.
 */
@Command(name = "shardline", mixinStandardHelpOptions = true, version = "shardline 0.2.0",
        description = "Operate a Shardline application: who owns which shard, how far behind, move leases, check "
                + "a lease table, replay from a point in time, redrive dead letters, and a live operator page.",
        subcommands = {StatusCommand.class, LeasesCommand.class, TablesCommand.class, ResetCommand.class,
                DlqCommand.class, ServeCommand.class, AdviseCommand.class})
public final class Shardline implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with these streams; returns the exit status (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Shardline());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            commandLine.getErr().println("shardline " + commandLine.getCommandName() + ": " + cause.getMessage());
            return cause instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
