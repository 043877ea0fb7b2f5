package io.shardline.testing;

import java.nio.file.Path;
import java.util.Optional;

/** Settings of the testing module, each read from a system property first, then an environment variable. */
final class Settings {

    /** Backend of {@link LocalAws#start()}: {@code emulators}, {@code localstack} or {@code aws}. */
    static final Setting BACKEND = new Setting("shardline.aws.backend", "SHARDLINE_AWS_BACKEND");
    /** Where the emulators are installed; default {@code ~/.cache/shardline/emulators/<hash of lock file>}. */
    static final Setting EMULATORS_DIR = new Setting("shardline.emulators.dir", "SHARDLINE_EMULATORS_DIR");
    /** Where the emulators write their logs; default {@code target/shardline-emulators} or the install dir. */
    static final Setting EMULATORS_LOG_DIR = new Setting("shardline.emulators.logDir", "SHARDLINE_EMULATORS_LOG_DIR");
    /** A directory in which every started emulator's pid is recorded as a file (for CI leak checks). */
    static final Setting PID_DIR = new Setting("shardline.pid.dir", "SHARDLINE_PID_DIR");
    /** The node executable; default {@code node} from the PATH. */
    static final Setting NODE = new Setting("shardline.node", "SHARDLINE_NODE");
    /** The npm executable; default {@code npm} from the PATH. */
    static final Setting NPM = new Setting("shardline.npm", "SHARDLINE_NPM");
    /** Docker image of the LocalStack backend. */
    static final Setting LOCALSTACK_IMAGE = new Setting("shardline.localstack.image", "SHARDLINE_LOCALSTACK_IMAGE");

    private Settings() {
    }

    /** One setting: a system property that wins over an environment variable. Blank values count as unset. */
    record Setting(String property, String env) {

        Optional<String> value() {
            String fromProperty = System.getProperty(property);
            if (fromProperty != null && !fromProperty.isBlank()) {
                return Optional.of(fromProperty.trim());
            }
            String fromEnv = System.getenv(env);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(fromEnv.trim());
            }
            return Optional.empty();
        }

        String valueOr(String fallback) {
            return value().orElse(fallback);
        }

        Optional<Path> path() {
            return value().map(Path::of);
        }

        @Override
        public String toString() {
            return "system property '" + property + "' / environment variable '" + env + "'";
        }
    }
}
