package io.shardline.lease.internal.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one request's update and condition expressions. Every attribute name goes through a {@code #name}
 * placeholder (DynamoDB reserves hundreds of words, {@code type} among them) and every value through a
 * {@code :vN} placeholder. Not thread-safe; one instance per request.
 */
final class Expressions {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();

    /** The placeholder of attribute {@code attribute}. */
    String name(String attribute) {
        String placeholder = "#" + attribute.replaceAll("[^A-Za-z0-9_]", "_");
        names.put(placeholder, attribute);
        return placeholder;
    }

    /** A fresh placeholder bound to {@code value}. */
    String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    Expressions set(String attribute, AttributeValue value) {
        sets.add(name(attribute) + " = " + value(value));
        return this;
    }

    /** {@code SET attribute = if_not_exists(attribute, 0) + delta}: works on rows that lack the attribute. */
    Expressions increment(String attribute, long delta) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(number(0)) + ") + " + value(number(delta)));
        return this;
    }

    /** {@code SET attribute = if_not_exists(attribute, initial)}: keeps an existing value. */
    Expressions setIfAbsent(String attribute, AttributeValue initial) {
        String n = name(attribute);
        sets.add(n + " = if_not_exists(" + n + ", " + value(initial) + ")");
        return this;
    }

    Expressions add(String attribute, long delta) {
        adds.add(name(attribute) + " " + value(number(delta)));
        return this;
    }

    Expressions remove(String... attributes) {
        for (String attribute : attributes) {
            removes.add(name(attribute));
        }
        return this;
    }

    /** Adds a condition, ANDed with the others; build it with {@link #name} and {@link #value}. */
    Expressions condition(String condition) {
        conditions.add(condition);
        return this;
    }

    String updateExpression() {
        StringBuilder sb = new StringBuilder();
        if (!sets.isEmpty()) {
            sb.append("SET ").append(String.join(", ", sets));
        }
        if (!adds.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : " ").append("ADD ").append(String.join(", ", adds));
        }
        if (!removes.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
        }
        return sb.toString();
    }

    String conditionExpression() {
        if (conditions.size() <= 1) {
            return conditions.isEmpty() ? null : conditions.get(0);
        }
        return "(" + String.join(") AND (", conditions) + ")";
    }

    UpdateItemRequest.Builder applyTo(UpdateItemRequest.Builder b) {
        return b.updateExpression(updateExpression()).conditionExpression(conditionExpression())
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values);
    }

    PutItemRequest.Builder applyTo(PutItemRequest.Builder b) {
        return b.conditionExpression(conditionExpression())
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values);
    }

    DeleteItemRequest.Builder applyTo(DeleteItemRequest.Builder b) {
        return b.conditionExpression(conditionExpression())
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values);
    }

    /** Uses the conditions as the scan's filter expression. */
    ScanRequest.Builder applyAsFilter(ScanRequest.Builder b) {
        return b.filterExpression(conditionExpression())
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values);
    }

    /** Uses the conditions as the query's key condition expression. */
    QueryRequest.Builder applyAsKeyCondition(QueryRequest.Builder b) {
        return b.keyConditionExpression(conditionExpression())
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values);
    }

    static AttributeValue string(String s) {
        return AttributeValue.builder().s(s).build();
    }

    static AttributeValue number(long n) {
        return AttributeValue.builder().n(Long.toString(n)).build();
    }

    static AttributeValue bool(boolean b) {
        return AttributeValue.builder().bool(b).build();
    }

    static AttributeValue bytes(byte[] bytes) {
        return AttributeValue.builder().b(SdkBytes.fromByteArray(bytes)).build();
    }
}
