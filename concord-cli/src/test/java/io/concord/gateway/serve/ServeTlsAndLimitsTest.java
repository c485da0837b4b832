package io.concord.gateway.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS with a self-signed certificate made by the JDK's keytool, as PKCS#12 and as PEM; rate limits and the
 * failed-key back-off through HTTP; the spool of a killed run emptied at start.
 */
class ServeTlsAndLimitsTest {

    @TempDir
    Path dir;

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A self-signed certificate for 127.0.0.1 and localhost in a PKCS#12 key store. */
    private Path keyStore() throws Exception {
        Path p12 = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "concord", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        return p12;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** A client that trusts exactly the gateway's certificate. */
    private static HttpClient trusting(Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("concord", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static HttpResponse<String> get(HttpClient client, String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiServesHttpsWithHstsFromAPkcs12StoreOrPemFilesAndNotPlainHttp() throws Exception {
        Path p12 = keyStore();
        KeyStore ks = load(p12);
        Certificate cert = ks.getCertificate("concord");
        Key key = ks.getKey("concord", PASSWORD);
        Path certPem = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
        HttpClient client = trusting(cert);

        List<ServeConfig.Tls> variants = List.of(new ServeConfig.Tls(null, null, p12, new String(PASSWORD)),
                new ServeConfig.Tls(certPem, keyPem, null, null));
        for (int i = 0; i < variants.size(); i++) {
            ServeConfig.Tls tls = variants.get(i);
            try (ServeHarness gateway = new ServeHarness(Files.createDirectories(dir.resolve("g" + i)), 20_000,
                    List.of(principal("hudson", Principal.Role.FIRM, HUDSON)), c -> c.withTls(tls, false))) {
                assertThat(gateway.base).startsWith("https://127.0.0.1:");
                HttpResponse<String> ok = get(client, gateway.base + "/firms/" + HUDSON + "/positions", "k-hudson");
                assertThat(ok.statusCode()).as(tls.toString()).isEqualTo(200);
                assertThat(ok.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
                HttpResponse<String> refused = get(client, gateway.base + "/firms/" + HUDSON + "/positions", null);
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("Strict-Transport-Security")).isPresent();

                // a client that does not trust the certificate gets no further than the handshake
                assertThatThrownBy(() -> get(HttpClient.newHttpClient(), gateway.base + "/firms/" + HUDSON
                        + "/positions", "k-hudson")).isInstanceOf(SSLHandshakeException.class);
                // plain HTTP to the TLS port is not served
                try (RawHttp raw = new RawHttp(gateway.config.port(), 10_000)) {
                    raw.head("GET /api/firms/" + HUDSON + "/positions HTTP/1.1", "X-API-Key: k-hudson");
                    assertThat(raw.closedByServer()).isTrue();
                }
            }
        }
    }

    @Test
    void aKeyOverItsRateAndAnAddressTryingWrongKeysAreAnswered429WithRetryAfter() throws Exception {
        // leftovers of a killed run's upload and poll: deleted at start
        Path left = Files.createDirectories(dir.resolve("out/.incoming/0b6c7b0e-9f0e-4a53-8d89-1f4f6d2b7c11"));
        Files.writeString(left.resolve("half.csv"), "firm_lei,account\n");
        Path polled = Files.createDirectories(dir.resolve("out/.incoming/poll/1234567890abcdef"));
        Files.writeString(polled.resolve("ltr80.txt"), "RP");

        try (ServeHarness gateway = new ServeHarness(dir, 20_000, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON), principal("larkspur", Principal.Role.FIRM)),
                c -> c.withLimits(new ServeConfig.Limits(1, 3, 2, 30, 60, 0, 0, 0, 0, 0)))) {
            assertThat(left).doesNotExist();
            assertThat(polled).doesNotExist();

            String positions = "/firms/" + HUDSON + "/positions";
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.get(positions, "k-hudson").status()).isEqualTo(200); // the burst
            }
            ServeHarness.Reply limited = gateway.get(positions, "k-hudson");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body().get("error").asText()).contains("rate limit");
            HttpResponse<String> raw = get(HttpClient.newHttpClient(), gateway.base + positions, "k-hudson");
            assertThat(raw.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(raw.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);

            // two wrong keys in a row from this address, then it waits 30 s, right key or not
            assertThat(gateway.get(positions, "guess-1").status()).isEqualTo(401);
            assertThat(gateway.get(positions, "guess-2").status()).isEqualTo(401);
            HttpResponse<String> held = get(HttpClient.newHttpClient(), gateway.base + positions, "k-larkspur");
            assertThat(held.statusCode()).isEqualTo(429);
            assertThat(held.body()).contains("too many wrong API keys");
            assertThat(Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow())).isBetween(29L, 30L);
        }
    }
}
