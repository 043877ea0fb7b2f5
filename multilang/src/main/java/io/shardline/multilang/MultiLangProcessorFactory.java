package io.shardline.multilang;

import io.shardline.kcl.ShardRecordProcessor;
import io.shardline.kcl.ShardRecordProcessorFactory;
import io.shardline.multilang.internal.ChildProcessRecordProcessor;
import io.shardline.multilang.internal.ProcessLauncher;
import java.time.Duration;

/**
 * Creates, per shard lease, a processor that runs {@link MultiLangConfig#command()} as a child process in
 * {@link MultiLangConfig#workingDirectory()} and speaks KCL's MultiLangDaemon protocol with it. Each answer of the
 * child may take up to {@link MultiLangConfig#childTimeout()} (no limit when unset); at the end the child gets that
 * long (10 s when unset) to exit after its stdin closes.
 */
public final class MultiLangProcessorFactory implements ShardRecordProcessorFactory {

    /** How long a child may take to exit after its last message when {@code timeoutInSeconds} is not set. */
    public static final Duration DEFAULT_EXIT_GRACE = Duration.ofSeconds(10);

    private final ProcessLauncher launcher;
    private final Duration timeout;

    private MultiLangProcessorFactory(MultiLangConfig config) {
        this.launcher = new ProcessLauncher(config.command(), config.workingDirectory());
        this.timeout = config.childTimeout();
    }

    /** A factory whose processors each run {@code config}'s command as a child process. */
    public static MultiLangProcessorFactory of(MultiLangConfig config) {
        return new MultiLangProcessorFactory(config);
    }

    @Override
    public ShardRecordProcessor create(String shardId) {
        return new ChildProcessRecordProcessor(shardId, launcher, timeout,
                timeout != null ? timeout : DEFAULT_EXIT_GRACE);
    }

    @Override
    public String toString() {
        return "MultiLangProcessorFactory{" + launcher + ", timeout=" + timeout + "}";
    }
}
