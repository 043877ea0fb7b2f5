package io.shardline.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** {@code shardline tables check}. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "Inspect an application's tables.",
        subcommands = TablesCommand.Check.class)
final class TablesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The verdict of {@code tables check}. */
    record Report(String table, String writtenBy, boolean usable, List<String> findings, List<String> changes,
            Map<String, Integer> leases) {
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Reads an existing lease table (Shardline's, or Amazon KCL 2.x/3.x's) and reports whether "
                    + "Shardline can use it and what Shardline would change. Reads only (DescribeTable, one Scan).",
                    "Exit status: 0 usable, 3 not usable, 1 on errors."})
    static final class Check implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Option(names = "--json", description = "JSON instead of text.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Report report = check(aws.dynamoDb(), aws.leaseTableName());
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.pretty(report));
                } else {
                    out.println("table " + report.table() + ": written by " + report.writtenBy() + "; "
                            + (report.usable() ? "Shardline CAN use it" : "Shardline CANNOT use it"));
                    out.println("leases: " + report.leases());
                    report.findings().forEach(f -> out.println("  found:  " + f));
                    report.changes().forEach(c -> out.println("  change: " + c));
                }
                return report.usable() ? 0 : 3;
            } finally {
                aws.close();
            }
        }
    }

    static Report check(DynamoDbAsyncClient dynamoDb, String table) {
        TableDescription d;
        try {
            d = dynamoDb.describeTable(b -> b.tableName(table)).join().table();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return new Report(table, "nobody (absent)", true, List.of("no table " + table),
                        List.of("creates " + table + " (hash key leaseKey S, GSI LeaseOwnerToLeaseKeyIndex, on "
                                + "demand), " + table + "-coordination and " + table + "-status at the first worker's start"),
                        Map.of());
            }
            throw e;
        }
        List<String> findings = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        boolean usable = true;
        List<KeySchemaElement> keys = d.keySchema();
        boolean leaseKeyHash = keys.size() == 1 && keys.get(0).attributeName().equals("leaseKey")
                && keys.get(0).keyType() == KeyType.HASH;
        if (!leaseKeyHash) {
            usable = false;
            findings.add("key schema " + keys.stream().map(k -> k.attributeName() + " " + k.keyType()).toList()
                    + " is not a lease table's (leaseKey HASH)");
        } else {
            findings.add("key schema leaseKey HASH: a lease table");
        }
        boolean ownerIndex = d.globalSecondaryIndexes() != null && d.globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexName().equals("LeaseOwnerToLeaseKeyIndex"));
        findings.add(ownerIndex ? "owner index LeaseOwnerToLeaseKeyIndex present (KCL 3.x / Shardline)"
                : "no owner index (KCL 2.x table)");
        if (!ownerIndex) {
            changes.add("none to the schema; without the index each worker lists its leases with a filtered Scan "
                    + "(one Scan per inbox change or leaseSyncInterval) instead of a Query");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> owners = new TreeSet<>();
        Set<String> kclOnly = new TreeSet<>();
        int multiStream = 0;
        int withCounter = 0;
        int shardEnd = 0;
        int total = 0;
        int shardline = 0;
        int owned = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(table).exclusiveStartKey(from)).join();
            for (Map<String, AttributeValue> item : page.items()) {
                total++;
                AttributeValue owner = item.get("leaseOwner");
                if (owner != null && owner.s() != null) {
                    owners.add(owner.s());
                    owned++;
                }
                AttributeValue key = item.get("leaseKey");
                if (key != null && key.s() != null && key.s().contains(":")) {
                    multiStream++;
                }
                if (item.containsKey("leaseCounter")) {
                    withCounter++;
                }
                AttributeValue cp = item.get("checkpoint");
                if (cp != null && "SHARD_END".equals(cp.s())) {
                    shardEnd++;
                }
                if (item.containsKey("pendingOwner") || item.containsKey("checkpointState")) {
                    shardline++;
                }
                for (String a : List.of("checkpointOwner", "throughputKBps", "leaseOwnerWorkerMetrics", "isMarkedForLeaseSteal")) {
                    if (item.containsKey(a)) {
                        kclOnly.add(a);
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        counts.put("total", total);
        counts.put("owned", owned);
        counts.put("finished", shardEnd);
        counts.put("multiStream", multiStream);
        boolean coordinationTable;
        try {
            dynamoDb.describeTable(b -> b.tableName(table + "-coordination")).join();
            coordinationTable = true;
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw e;
            }
            coordinationTable = false;
        }
        if (coordinationTable) {
            findings.add("coordination table " + table + "-coordination present");
        }
        String writtenBy = shardline > 0 || coordinationTable ? "Shardline" : !kclOnly.isEmpty() || ownerIndex ? "Amazon KCL 3.x"
                : total > 0 ? "Amazon KCL 2.x (or KCL 1.x)" : "nobody yet (empty)";
        if (!kclOnly.isEmpty()) {
            findings.add("KCL 3.x attributes " + kclOnly + ": read past, never written, left as they are");
        }
        if (multiStream > 0) {
            usable = false;
            findings.add(multiStream + " multi-stream lease keys (stream:shard): Shardline consumes one stream per "
                    + "application and cannot share this table");
        }
        if (!owners.isEmpty()) {
            findings.add("lease owners " + owners);
            changes.add("a lease whose owner is not a Shardline worker is taken over once its leaseCounter has not "
                    + "changed for foreignOwnerTimeout (so stop the KCL workers, or let them run down, first)");
        }
        if (withCounter < total) {
            changes.add((total - withCounter) + " leases without leaseCounter get one at their first change");
        }
        if (usable) {
            changes.add("adds attributes pendingOwner (graceful handoffs) and checkpointState (state with the "
                    + "checkpoint) to leases it writes; checkpoints stay KCL's checkpoint/checkpointSubSequenceNumber");
            changes.add("creates " + table + "-coordination (members, leader) and " + table + "-status (status items) if "
                    + "absent; KCL 3.x's "
                    + "own coordinator-state and worker-metrics tables are neither read nor changed");
        }
        return new Report(table, writtenBy, usable, findings, changes, counts);
    }
}
