package io.shardline.testing.faults;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Captures what Shardline logs (the {@code io.shardline} loggers, INFO and up) while open. Thread-safe. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.shardline");

    LogCapture() {
        setName("fault-it-capture");
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** Lines (formatted messages) at {@code level} or above that contain every one of {@code parts}. */
    List<String> lines(ch.qos.logback.classic.Level level, String... parts) {
        return events.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(containsAll(parts))
                .toList();
    }

    /** Events at {@code level} or above whose message contains every one of {@code parts}. */
    List<ILoggingEvent> events(ch.qos.logback.classic.Level level, String... parts) {
        return events.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(level))
                .filter(e -> containsAll(parts).test(e.getFormattedMessage()))
                .toList();
    }

    private static Predicate<String> containsAll(String... parts) {
        return message -> {
            for (String part : parts) {
                if (!message.contains(part)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
