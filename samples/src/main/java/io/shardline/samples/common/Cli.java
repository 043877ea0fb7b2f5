package io.shardline.samples.common;

import picocli.CommandLine;

/** Runs a sample's command line: usage errors as picocli prints them, failures as one line (plus the causes). */
public final class Cli {

    private Cli() {
    }

    /** Executes {@code command} with {@code args} and exits the JVM with its status. */
    public static void exit(Object command, String[] args) {
        System.exit(commandLine(command).execute(args));
    }

    /** {@code command} with the samples' failure handling. */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cli, parsed) -> {
            StringBuilder message = new StringBuilder(cli.getCommandName()).append(" failed: ").append(e);
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                message.append("\n  caused by: ").append(cause);
            }
            cli.getErr().println(message);
            return 1;
        });
    }
}
