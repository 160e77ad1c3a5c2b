package com.spots.enrichment.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.spots.enrichment.EnrichmentConfiguration;
import com.spots.enrichment.testing.ApiClient;
import com.spots.enrichment.testing.TestApp;
import com.spots.enrichment.testing.TestDatabase;
import com.spots.enrichment.testing.TestKeys;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An answer given before the request body was read (401, 404, 429...) must not leave the client holding a
 * connection the server is about to close: either the connection stays usable, or the response says
 * {@code Connection: close}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeepAliveAfterEarlyAnswerTest {

    private static final TestDatabase DB = TestDatabase.migrated();
    private static final DropwizardAppExtension<EnrichmentConfiguration> APP = TestApp.extension(DB);
    private static final String BODY = "{\"user_segment\":{\"segment_id\":\"keep-alive\"}}";

    @Test
    void aRefusalWhoseBodyHadArrivedKeepsTheConnectionUsable() throws Exception {
        try (Socket socket = connect()) {
            send(socket, head("/v1/real-world-behavior?api_key=spots_poc_not_here", null) + BODY);
            String refusal = readResponse(socket);
            assertThat(refusal).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Connection: close");

            send(socket, head("/v1/no-such-endpoint", TestKeys.create(DB).plaintext()) + BODY);
            assertThat(readResponse(socket)).startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void aRefusalAnsweredBeforeTheBodyArrivedSaysConnectionClose() throws Exception {
        try (Socket socket = connect()) {
            send(socket, head("/v1/real-world-behavior", null));
            String refusal = readResponse(socket);
            assertThat(refusal).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
            send(socket, BODY);
            assertThat(socket.getInputStream().read()).as("the server closed the connection, as announced").isEqualTo(-1);
        }
    }

    @Test
    void anAcceptedRequestKeepsItsConnection() throws Exception {
        String key = TestKeys.create(DB).plaintext();
        try (Socket socket = connect()) {
            send(socket, head("/v1/real-world-behavior", key) + BODY);
            assertThat(readResponse(socket)).doesNotContainIgnoringCase("Connection: close");
        }
    }

    @Test
    void aClientReusingConnectionsNeverLosesARequestAfterARefusal() {
        ApiClient client = TestApp.client(APP);
        String key = TestKeys.createUnthrottled(DB).plaintext();
        for (int i = 0; i < 200; i++) {
            assertThat(client.post("/v1/real-world-behavior?api_key=" + key, null, BODY).status()).isEqualTo(401);
            assertThat(client.post("/v1/real-world-behavior", key + "x", BODY).status()).isEqualTo(401);
            assertThat(client.post("/v1/no-such-endpoint", key, BODY).status()).isEqualTo(404);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", APP.getLocalPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String head(String path, String key) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + BODY.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response: headers, then exactly Content-Length bytes of body. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new SocketTimeoutException("connection closed inside the response head: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
