package io.shardline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The emulators' install directory follows XDG_CACHE_HOME, else user.home (not a hard-coded ~/.cache). */
class EmulatorCacheRootTest {

    @Test
    void followsXdgCacheHomeWhenSet() {
        assertThat(EmulatorInstallation.cacheRoot("/var/cache/ci", "/home/u"))
                .isEqualTo(Path.of("/var/cache/ci/shardline/emulators"));
    }

    @Test
    void followsUserHomeOtherwise() {
        assertThat(EmulatorInstallation.cacheRoot(null, "/home/u")).isEqualTo(Path.of("/home/u/.cache/shardline/emulators"));
        assertThat(EmulatorInstallation.cacheRoot(" ", "/srv/build")).isEqualTo(Path.of("/srv/build/.cache/shardline/emulators"));
    }
}
