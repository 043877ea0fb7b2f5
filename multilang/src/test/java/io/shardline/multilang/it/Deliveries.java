package io.shardline.multilang.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the Node processors wrote (sessions in the order the children started): one file per child
 * ({@code <shardId>-<pid>.jsonl}), each an {@code initialize} line
 * (with the daemon's pid), then record and checkpoint lines in the order they happened.
 */
record Deliveries(List<Session> sessions) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One child's life: its shard, its daemon, where it started and what it got. */
    record Session(String shardId, long daemonPid, long startedAt, String startedAfter, List<Delivered> records,
            List<String> checkpoints) {

        Optional<String> lastCheckpoint() {
            return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
        }
    }

    /** One delivered record. */
    record Delivered(String shardId, String partitionKey, String sequenceNumber, String data) {
        BigInteger sequence() {
            return new BigInteger(sequenceNumber);
        }
    }

    static Deliveries read(Path dir) {
        List<Session> sessions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                Session session = session(file);
                if (session != null) {
                    sessions.add(session);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sessions.sort(java.util.Comparator.comparingLong(Session::startedAt));
        return new Deliveries(sessions);
    }

    private static Session session(Path file) throws IOException {
        String shardId = null;
        long daemon = -1;
        long startedAt = 0;
        String startedAfter = null;
        List<Delivered> records = new ArrayList<>();
        List<String> checkpoints = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || !line.endsWith("}")) {
                continue; // a line being written
            }
            JsonNode node = MAPPER.readTree(line);
            switch (node.get("event").asText()) {
                case "initialize" -> {
                    shardId = node.get("shardId").asText();
                    daemon = node.get("daemonPid").asLong();
                    startedAt = node.get("startedAt").asLong();
                    startedAfter = node.get("sequenceNumber").asText();
                }
                case "record" -> records.add(new Delivered(node.get("shardId").asText(),
                        node.get("partitionKey").asText(), node.get("sequenceNumber").asText(),
                        node.get("data").asText()));
                case "checkpoint" -> {
                    if (node.hasNonNull("sequenceNumber")) {
                        checkpoints.add(node.get("sequenceNumber").asText());
                    }
                }
                default -> {
                }
            }
        }
        return shardId == null ? null : new Session(shardId, daemon, startedAt, startedAfter, records, checkpoints);
    }

    List<Delivered> all() {
        return sessions.stream().flatMap(s -> s.records().stream()).toList();
    }

    List<Session> of(long daemonPid) {
        return sessions.stream().filter(s -> s.daemonPid() == daemonPid).toList();
    }
}
