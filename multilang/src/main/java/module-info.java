/**
 * KCL's MultiLangDaemon on Shardline. Exports only its public package; the daemon's internals are opened to Jackson
 * (the JSON messages are records) and its command to picocli, so it also runs on the module path.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the AWS SDK
module io.shardline.multilang {
    requires transitive io.shardline.kcl;
    requires transitive software.amazon.awssdk.auth; // CredentialsSpec returns an AwsCredentialsProvider
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.nio.netty;
    requires software.amazon.awssdk.regions;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires org.slf4j;

    exports io.shardline.multilang;
    opens io.shardline.multilang to info.picocli;
    opens io.shardline.multilang.internal to com.fasterxml.jackson.databind;
}
