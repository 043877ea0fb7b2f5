package io.shardline.testing.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.testing.LocalAws;
import io.shardline.testing.WithLocalAws;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A client killed in the middle of sending a request (a worker JVM hit by SIGKILL) resets its connection. dynalite
 * rethrows that as an uncaught error and used to exit, taking down the emulator every other test shares; the preload
 * now drops such errors. kinesis-mock closed its plain-HTTP listener (the process lived on, silently refusing every
 * later connection) when a connection was reset before its first request was served: fs2 failed its whole server
 * stream on the undefined remote address of the dead socket. The preload now answers the loopback address for it.
 */
@WithLocalAws
class EmulatorSurvivesAbortedRequestIT {

    @Test
    void dynamoDbEmulatorKeepsServingAfterAClientResetsMidRequest(LocalAws aws) throws Exception {
        assumeTrue(aws.dynamoDbEndpoint() != null, "local emulators only");

        abortMidBody(aws.dynamoDbEndpoint(), "DynamoDB_20120810.ListTables", "1.0", "dynamodb");

        assertThat(aws.dynamoDb().listTables().sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void kinesisEmulatorKeepsServingAfterClientsResetNewConnectionsMidRequest(LocalAws aws) throws Exception {
        assumeTrue(aws.kinesisEndpoint() != null, "local emulators only");

        for (int i = 0; i < 3; i++) { // before the preload's fix, the first of these closed the listener
            abortMidBody(aws.kinesisEndpoint(), "Kinesis_20131202.ListStreams", "1.1", "kinesis");
        }

        assertThat(aws.kinesis().listStreams().sdkHttpResponse().isSuccessful()).isTrue();
    }

    /** Sends the headers and part of a body that Content-Length says is longer, then resets the connection. */
    private static void abortMidBody(URI endpoint, String target, String jsonVersion, String service)
            throws Exception {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            String head = "POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                    + "Content-Type: application/x-amz-json-" + jsonVersion + "\r\nX-Amz-Target: " + target + "\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + service + "/aws4_request, "
                    + "SignedHeaders=host, Signature=0\r\nContent-Length: 1000\r\n\r\n{\"Limit\":";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoLinger(true, 0); // close() now sends RST: the server sees ECONNRESET mid-body
        }
    }
}
