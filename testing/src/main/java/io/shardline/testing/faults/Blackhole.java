package io.shardline.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local socket that accepts connections and never answers (for {@link Fault.Kind#STALL}): bound to 127.0.0.1 on an
 * ephemeral port, started on first use, one daemon thread ({@code shardline-fault-blackhole}) for the life of the
 * test JVM. Accepted connections are held open, unread.
 */
final class Blackhole {

    private static final Object LOCK = new Object();
    private static ServerSocket server;
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    private Blackhole() {
    }

    static int port() {
        synchronized (LOCK) {
            if (server == null) {
                try {
                    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the stall socket", e);
                }
                ServerSocket s = server;
                Thread accept = new Thread(() -> acceptForever(s), "shardline-fault-blackhole");
                accept.setDaemon(true);
                accept.start();
            }
            return server.getLocalPort();
        }
    }

    private static void acceptForever(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                HELD.add(s.accept());
            } catch (IOException e) {
                return;
            }
        }
    }
}
