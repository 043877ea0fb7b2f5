package io.shardline.testing.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.testing.LocalAws;
import io.shardline.testing.WithLocalAws;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The emulators must not be reachable from the network: every listening TCP socket of their processes is on a
 * loopback address. Reads the kernel's socket tables (/proc/net/tcp, tcp6) and the processes' descriptors.
 */
@WithLocalAws
@EnabledOnOs(OS.LINUX)
class EmulatorsListenOnLoopbackOnlyIT {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String TCP_LISTEN = "0A";

    /** A listening socket from /proc/net/tcp*. */
    record Listener(InetAddress address, int port, long inode) {
    }

    @Test
    void everyListeningSocketOfTheEmulatorsIsOnLoopback(LocalAws aws) throws IOException {
        assumeTrue(aws.backend() == LocalAws.Backend.EMULATORS, "only the emulators backend starts processes");
        assertThat(aws.emulatorPids()).containsOnlyKeys("kinesis", "dynamodb");

        Set<Long> inodes = new HashSet<>();
        for (long pid : aws.emulatorPids().values()) {
            inodes.addAll(socketInodes(pid));
        }
        List<Listener> listeners = listeners().stream().filter(l -> inodes.contains(l.inode())).toList();

        // Not vacuous: the endpoints we talk to are among the sockets found (kinesis also has its TLS port).
        assertThat(listeners).extracting(Listener::port)
                .contains(aws.kinesisEndpoint().getPort(), aws.dynamoDbEndpoint().getPort());
        assertThat(listeners).hasSizeGreaterThanOrEqualTo(3);
        assertThat(listeners).allSatisfy(listener -> assertThat(listener.address().isLoopbackAddress())
                .as("%s listens on a loopback address", listener)
                .isTrue());
    }

    private static Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher matcher = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (matcher.matches()) {
                        inodes.add(Long.parseLong(matcher.group(1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // descriptors come and go
                }
            }
        }
        return inodes;
    }

    private static List<Listener> listeners() throws IOException {
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[3].equals(TCP_LISTEN)) {
                    continue;
                }
                String[] local = fields[1].split(":");
                listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16), Long.parseLong(fields[9])));
            }
        }
        return listeners;
    }

    /** The kernel prints addresses as 32-bit words in host byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            return InetAddress.getByAddress(raw);
        }
        byte[] bytes = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
