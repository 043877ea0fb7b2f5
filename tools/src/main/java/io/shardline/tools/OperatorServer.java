package io.shardline.tools;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live operator page: one self-contained HTML page (CSS and JavaScript inline, no CDN, served from the jar) and a
 * JSON API behind it, on the JDK's HTTP server. One refresher thread ({@code shardline-operator-refresh}) reads the
 * fleet every {@code refresh} and keeps a short records/s history per shard, so any number of open pages cost the
 * tables one read per interval. {@code GET /} the page; {@code GET /api/fleet} the last snapshot, the history and the
 * dead-letter counts.
 */
public final class OperatorServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorServer.class);
    static final int HISTORY = 60;

    /** What {@code /api/fleet} returns. */
    public record FleetView(FleetSnapshot fleet, Map<String, List<Double>> recordsPerSecondHistory,
            Map<String, Long> deadLetters, String error, long refreshMillis) {
    }

    private final FleetReader reader;
    private final Supplier<Map<String, Long>> deadLetterCounts;
    private final Duration refresh;
    private final HttpServer http;
    private final ScheduledExecutorService refresher;
    private final Map<String, Deque<Double>> history = new LinkedHashMap<>();
    private volatile FleetView view;

    private OperatorServer(FleetReader reader, Supplier<Map<String, Long>> deadLetterCounts, String host, int port,
            Duration refresh) throws IOException {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.deadLetterCounts = Objects.requireNonNull(deadLetterCounts, "deadLetterCounts");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.http = HttpServer.create(new InetSocketAddress(host, port), 16);
        this.http.createContext("/", this::page);
        this.http.createContext("/api/fleet", this::api);
        this.http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "shardline-operator-http");
            t.setDaemon(true);
            return t;
        }));
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shardline-operator-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts serving on {@code host:port} (port 0: any free one); reads the fleet every {@code refresh}. */
    public static OperatorServer start(FleetReader reader, Supplier<Map<String, Long>> deadLetterCounts, String host,
            int port, Duration refresh) throws IOException {
        OperatorServer server = new OperatorServer(reader, deadLetterCounts, host, port, refresh);
        server.refreshOnce();
        server.http.start();
        server.refresher.scheduleWithFixedDelay(server::refreshOnce, refresh.toMillis(), refresh.toMillis(),
                TimeUnit.MILLISECONDS);
        return server;
    }

    public URI uri() {
        InetSocketAddress a = http.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    /** The last view served (tests). */
    public FleetView view() {
        return view;
    }

    private void refreshOnce() {
        try {
            FleetSnapshot snapshot = reader.read();
            Map<String, List<Double>> series = new LinkedHashMap<>();
            synchronized (history) {
                for (FleetSnapshot.ShardRow row : snapshot.shards()) {
                    Deque<Double> points = history.computeIfAbsent(row.shardId(), k -> new ArrayDeque<>());
                    points.addLast(row.recordsPerSecond());
                    while (points.size() > HISTORY) {
                        points.removeFirst();
                    }
                    series.put(row.shardId(), List.copyOf(points));
                }
            }
            Map<String, Long> dlq;
            try {
                dlq = deadLetterCounts.get();
            } catch (RuntimeException e) {
                dlq = Map.of();
            }
            view = new FleetView(snapshot, series, dlq, null, refresh.toMillis());
        } catch (RuntimeException e) {
            LOG.warn("reading the fleet failed: {}", e.toString());
            FleetView last = view;
            view = new FleetView(last == null ? null : last.fleet(), last == null ? Map.of()
                    : last.recordsPerSecondHistory(), last == null ? Map.of() : last.deadLetters(), e.toString(),
                    refresh.toMillis());
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = OperatorServer.class.getResourceAsStream("web/index.html")) {
            if (in == null) {
                send(exchange, 500, "text/plain", "page missing from the jar".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        FleetView v = view;
        send(exchange, 200, "application/json", Json.compact(v).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        http.stop(0);
        ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
    }
}
