package io.shardline.lease.internal.dynamodb;

import static io.shardline.lease.internal.dynamodb.Expressions.number;
import static io.shardline.lease.internal.dynamodb.Expressions.string;

import io.shardline.lease.MemberStatus;
import io.shardline.lease.MemberStatus.LeaseStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The status item's per-lease entries: a list of maps with short attribute names, because the whole item is written
 * at once and its size is its cost ({@code k} lease key, {@code lag} millisBehindLatest, {@code rps} records/s,
 * {@code bps} bytes/s, {@code cp} last checkpoint, epoch ms, absent when unknown, {@code ph} consumer phase).
 */
final class StatusItems {

    private StatusItems() {
    }

    static AttributeValue lease(LeaseStatus l) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("k", string(l.leaseKey()));
        m.put("lag", number(l.millisBehindLatest()));
        m.put("rps", decimal(l.recordsPerSecond()));
        m.put("bps", decimal(l.bytesPerSecond()));
        if (l.lastCheckpointAt() != null) {
            m.put("cp", number(l.lastCheckpointAt().toEpochMilli()));
        }
        m.put("ph", string(l.phase()));
        return AttributeValue.fromM(m);
    }

    static MemberStatus status(Map<String, AttributeValue> item, long publishedAt, long intervalMillis) {
        AttributeValue leases = item.get(DynamoDbCoordinationStore.LEASES);
        List<LeaseStatus> entries = leases == null || !leases.hasL() ? List.of()
                : leases.l().stream().filter(AttributeValue::hasM).map(v -> lease(v.m())).toList();
        AttributeValue worker = item.get(DynamoDbCoordinationStore.WORKER);
        return new MemberStatus(worker == null ? "?" : worker.s(), Instant.ofEpochMilli(publishedAt),
                Duration.ofMillis(intervalMillis), entries);
    }

    private static LeaseStatus lease(Map<String, AttributeValue> m) {
        AttributeValue cp = m.get("cp");
        return new LeaseStatus(text(m, "k"), (long) num(m, "lag", -1), num(m, "rps", 0), num(m, "bps", 0),
                cp == null || cp.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(cp.n())),
                text(m, "ph"));
    }

    private static String text(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.s() == null ? "?" : v.s();
    }

    private static double num(Map<String, AttributeValue> m, String name, double absent) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? absent : Double.parseDouble(v.n());
    }

    private static AttributeValue decimal(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString());
    }
}
