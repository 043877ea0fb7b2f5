package io.shardline.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven through Debian's {@code chromedriver} with the W3C WebDriver protocol (plain HTTP + JSON,
 * what Selenium speaks underneath), so the test needs no browser library: start, open a page, run a script, take a
 * screenshot. {@link #unavailable()} says why it cannot run (binaries missing) instead of failing obscurely.
 */
final class ChromeSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Process driver;
    private final URI base;
    private final String session;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Null when Chromium can run here, else the reason it cannot. */
    static String unavailable() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run installs them)";
        }
        return null;
    }

    ChromeSession(int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        profile = Files.createTempDirectory("shardline-chromium-profile");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !driver.isAlive()) {
                driver.destroy();
                throw new IOException("chromedriver did not become ready: " + Files.readString(
                        profile.resolve("chromedriver.log")));
            }
            Thread.sleep(100);
        }
        ObjectNode caps = Json.MAPPER.createObjectNode();
        ObjectNode chrome = caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .putObject("goog:chromeOptions");
        chrome.put("binary", CHROMIUM.toString());
        var args = chrome.putArray("args");
        List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"),
                "--window-size=" + width + "," + height, "--hide-scrollbars").forEach(args::add);
        JsonNode created = call("POST", "/session", caps);
        this.session = created.path("value").path("sessionId").asText(null);
        if (session == null) {
            close();
            throw new IOException("chromedriver refused to start a session: " + created);
        }
    }

    void open(URI url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", Json.MAPPER.valueToTree(Map.of("url", url.toString())));
    }

    /** Runs {@code script} (a function body; {@code return ...}) in the page; its value as JSON. */
    JsonNode script(String script) throws IOException, InterruptedException {
        return call("POST", "/session/" + session + "/execute/sync",
                Json.MAPPER.valueToTree(Map.of("script", script, "args", List.of()))).path("value");
    }

    byte[] screenshot() throws IOException, InterruptedException {
        return Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null)
                .path("value").asText());
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.compact(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = Json.MAPPER.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException("WebDriver " + method + " " + path + " failed: " + response.statusCode() + " "
                    + json.path("value").path("message").asText(response.body()));
        }
        return json;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the process is stopped below either way
        } finally {
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
