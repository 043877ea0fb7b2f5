package io.shardline.kcl.internal.advisor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash key Kinesis routes a record by: its explicit hash key, else the MD5 of its partition key (unsigned). */
public final class HashKeys {

    private HashKeys() {
    }

    public static BigInteger of(String partitionKey, String explicitHashKey) {
        if (explicitHashKey != null && !explicitHashKey.isEmpty()) {
            return new BigInteger(explicitHashKey);
        }
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
