package io.concord.gateway.serve;


import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Serve-mode configuration (YAML). Relative paths resolve against the folder the gateway runs in. Its
 * {@link #toString()} masks every secret (the ledger password, a password in the JDBC URL, the key store
 * password, key hashes), so it may be logged.
 *
 * @param host           interface the HTTP API listens on (loopback by default); beyond loopback only with TLS (or
 *                       {@code allowPlainHttp}) and without a demo key
 * @param port           HTTP port
 * @param maxBodyBytes   largest feed accepted over HTTP, counted while the body streams in (413 above)
 * @param inbox          inbox root: one folder per feed id; files move to done/ or error/ beside it
 * @param out            output root: submissions/&lt;id&gt;/ per submission
 * @param mappings       mappings folder
 * @param ledgerUrl      JDBC URL of the ledger (embedded H2 file by default; PostgreSQL by URL)
 * @param ledgerUser     database user
 * @param ledgerPassword database password
 * @param principals     API keys (stored as salted digests, never in clear) and what they may do
 * @param tls            the certificate and key the API serves HTTPS with; null: plain HTTP
 * @param allowPlainHttp listen beyond loopback without TLS (behind a TLS-terminating proxy on the same host)
 * @param limits         rate limits, back-off, timeouts and concurrency caps of the API
 * @param inboxReady     when an inbox file counts as complete: {@code marker} (default: once {@code <name>.ready}
 *                       exists), {@code rename} (any file not named as temporary, written elsewhere and renamed
 *                       in) or {@code stable} (unchanged for {@code inboxStableForMillis})
 * @param inboxStableForMillis with {@code inboxReady: stable}: how long a file must stay unchanged
 */
public record ServeConfig(String host, int port, long maxBodyBytes, Path inbox, Path out, Path mappings,
                          String ledgerUrl, String ledgerUser, String ledgerPassword, List<Principal> principals,
                          Tls tls, boolean allowPlainHttp, Limits limits, InboxReady inboxReady,
                          long inboxStableForMillis) {

    /**
     * HTTPS: a PEM certificate (chain) and private key (PKCS#8 or PKCS#1), or a PKCS#12 key store and its password.
     */
    public record Tls(Path certificate, Path key, Path keyStore, String keyStorePassword) {
        public Tls {
            boolean pem = certificate != null || key != null;
            if (pem == (keyStore != null) || (pem && (certificate == null || key == null))) {
                throw new IllegalArgumentException("tls needs either certificate and key (PEM) or keyStore "
                        + "(PKCS#12, with keyStorePassword)");
            }
            keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
        }

        @Override
        public String toString() {
            return keyStore != null ? "Tls[keyStore=" + keyStore + ", keyStorePassword=***]"
                    : "Tls[certificate=" + certificate + ", key=" + key + "]";
        }
    }

    /**
     * Limits of the API; 0 (or absent) takes the default.
     *
     * @param requestsPerMinute     requests per API key and minute, sustained (default 600)
     * @param burst                 requests per API key in a burst above that rate (default 60)
     * @param failedAuthAttempts    failed key checks from one client address before it is made to wait (default 5)
     * @param failedAuthBackoffSeconds the first wait; it doubles with every further failure (default 1)
     * @param maxBackoffSeconds     the longest wait (default 300)
     * @param idleTimeoutSeconds    a connection with no traffic for this long is closed (default 30)
     * @param headerTimeoutSeconds  a new connection must have sent its request head within this (default 10)
     * @param uploadTimeoutSeconds  an upload must have arrived whole within this (default 900)
     * @param maxConcurrentUploads  submissions over HTTP in flight at once, all keys together (default 64; 503 over)
     * @param maxConcurrentSubmissionsPerKey submissions in flight per API key (default 32; 429 over)
     */
    public record Limits(int requestsPerMinute, int burst, int failedAuthAttempts, int failedAuthBackoffSeconds,
                         int maxBackoffSeconds, int idleTimeoutSeconds, int headerTimeoutSeconds,
                         int uploadTimeoutSeconds, int maxConcurrentUploads, int maxConcurrentSubmissionsPerKey) {
        public Limits {
            requestsPerMinute = or(requestsPerMinute, 600);
            burst = or(burst, 60);
            failedAuthAttempts = or(failedAuthAttempts, 5);
            failedAuthBackoffSeconds = or(failedAuthBackoffSeconds, 1);
            maxBackoffSeconds = or(maxBackoffSeconds, 300);
            idleTimeoutSeconds = or(idleTimeoutSeconds, 30);
            headerTimeoutSeconds = or(headerTimeoutSeconds, 10);
            uploadTimeoutSeconds = or(uploadTimeoutSeconds, 900);
            maxConcurrentUploads = or(maxConcurrentUploads, 64);
            maxConcurrentSubmissionsPerKey = or(maxConcurrentSubmissionsPerKey, 32);
        }

        public static Limits defaults() {
            return new Limits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        private static int or(int value, int otherwise) {
            if (value < 0) {
                throw new IllegalArgumentException("limits take positive numbers, not " + value);
            }
            return value == 0 ? otherwise : value;
        }
    }

    /** When an inbox file counts as complete (README "Security", inbox). */
    public enum InboxReady {
        marker, rename, stable
    }

    public ServeConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == 0 ? 8480 : port;
        maxBodyBytes = maxBodyBytes == 0 ? 100L * 1024 * 1024 : maxBodyBytes;
        inbox = inbox == null ? Path.of("inbox") : inbox;
        out = out == null ? Path.of("out") : out;
        mappings = mappings == null ? Path.of("mappings") : mappings;
        ledgerUrl = ledgerUrl == null ? "jdbc:h2:file:./data/ledger" : ledgerUrl;
        ledgerUser = ledgerUser == null ? (ledgerUrl.startsWith("jdbc:h2:") ? "sa" : "") : ledgerUser;
        ledgerPassword = ledgerPassword == null ? "" : ledgerPassword;
        principals = principals == null ? List.of() : List.copyOf(principals);
        limits = limits == null ? Limits.defaults() : limits;
        inboxReady = inboxReady == null ? InboxReady.marker : inboxReady;
        inboxStableForMillis = inboxStableForMillis == 0 ? 5000 : inboxStableForMillis;
    }

    /** Plain HTTP on loopback with the default limits and inbox convention. */
    public ServeConfig(String host, int port, long maxBodyBytes, Path inbox, Path out, Path mappings,
                       String ledgerUrl, String ledgerUser, String ledgerPassword, List<Principal> principals) {
        this(host, port, maxBodyBytes, inbox, out, mappings, ledgerUrl, ledgerUser, ledgerPassword, principals,
                null, false, null, null, 0);
    }

    public static ServeConfig defaults() {
        return new ServeConfig(null, 0, 0, null, null, null, null, null, null, null);
    }

    /**
     * The environment variables that override the common settings of a configuration (the file's, or the
     * defaults), each documented in docs/serve.md: a deployment sets them without editing the file.
     */
    public static final List<String> ENVIRONMENT = List.of("CONCORD_HOST", "CONCORD_PORT", "CONCORD_INBOX",
            "CONCORD_OUT", "CONCORD_MAPPINGS", "CONCORD_LEDGER_URL", "CONCORD_LEDGER_USER", "CONCORD_LEDGER_PASSWORD");

    /**
     * A copy with the common settings overridden: first by {@code environment} (the {@link #ENVIRONMENT}
     * variables that are set and not blank), then by the command line ({@code host}, {@code port}; null when not
     * given). A port that is not a number from 1 to 65535 is refused, naming where it came from.
     */
    public ServeConfig overridden(java.util.Map<String, String> environment, String host, Integer port) {
        java.util.function.Function<String, String> env = name -> {
            String v = environment.get(name);
            return v == null || v.isBlank() ? null : v.strip();
        };
        String h = host != null ? host : or(env.apply("CONCORD_HOST"), this.host);
        int p = port != null ? port(port.toString(), "--port")
                : env.apply("CONCORD_PORT") != null ? port(env.apply("CONCORD_PORT"), "CONCORD_PORT") : this.port;
        java.util.function.BiFunction<String, Path, Path> path = (name, current) ->
                env.apply(name) == null ? current : Path.of(env.apply(name));
        return new ServeConfig(h, p, maxBodyBytes, path.apply("CONCORD_INBOX", inbox), path.apply("CONCORD_OUT", out),
                path.apply("CONCORD_MAPPINGS", mappings), or(env.apply("CONCORD_LEDGER_URL"), ledgerUrl),
                ledgerUser(env.apply("CONCORD_LEDGER_USER"), env.apply("CONCORD_LEDGER_URL")),
                or(env.apply("CONCORD_LEDGER_PASSWORD"), ledgerPassword), principals, tls, allowPlainHttp, limits,
                inboxReady, inboxStableForMillis);
    }

    /** The user an override names, else this one; H2's default user does not follow the ledger to another URL. */
    private String ledgerUser(String user, String url) {
        if (user != null) {
            return user;
        }
        boolean h2Default = "sa".equals(ledgerUser) && ledgerUrl.startsWith("jdbc:h2:");
        return url != null && h2Default && !url.startsWith("jdbc:h2:") ? null : ledgerUser;
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    private static int port(String value, String from) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(from + " must be a TCP port from 1 to 65535, not '" + value + "'");
    }

    /** A copy with other limits. */
    public ServeConfig withLimits(Limits other) {
        return new ServeConfig(host, port, maxBodyBytes, inbox, out, mappings, ledgerUrl, ledgerUser,
                ledgerPassword, principals, tls, allowPlainHttp, other, inboxReady, inboxStableForMillis);
    }

    /** A copy with TLS and plain HTTP allowed or not. */
    public ServeConfig withTls(Tls other, boolean plainHttp) {
        return new ServeConfig(host, port, maxBodyBytes, inbox, out, mappings, ledgerUrl, ledgerUser,
                ledgerPassword, principals, other, plainHttp, limits, inboxReady, inboxStableForMillis);
    }

    /** A copy with another inbox convention. */
    public ServeConfig withInbox(InboxReady ready, long stableForMillis) {
        return new ServeConfig(host, port, maxBodyBytes, inbox, out, mappings, ledgerUrl, ledgerUser,
                ledgerPassword, principals, tls, allowPlainHttp, limits, ready, stableForMillis);
    }

    /** The host is a loopback interface (only this machine can connect). */
    public boolean loopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' does not resolve: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a configuration that would expose the API unsafely and returns the warnings of one that may run: no
     * TLS beyond loopback (unless {@code allowPlainHttp}), a published demo key beyond loopback.
     */
    public List<String> checkExposure() {
        List<String> warnings = new ArrayList<>();
        List<String> demo = principals.stream().filter(Principal::demo).map(Principal::name).toList();
        boolean loopback = loopback();
        if (!loopback && tls == null && !allowPlainHttp) {
            throw new IllegalArgumentException("refusing to listen on " + host + " (not loopback) with plain HTTP: "
                    + "configure tls (certificate and key, or keyStore), or set allowPlainHttp: true when a "
                    + "TLS-terminating proxy on this host is the only way in");
        }
        if (!demo.isEmpty() && !loopback) {
            throw new IllegalArgumentException("refusing to listen on " + host + " (not loopback): principals "
                    + demo + " use the published demo keys; give them keys from 'concord keys new'");
        }
        if (!demo.isEmpty()) {
            warnings.add("principals " + demo + " use the published demo keys (README): fine on loopback for a "
                    + "trial, never beyond; replace them with keys from 'concord keys new'");
        }
        List<String> legacy = principals.stream().filter(Principal::legacy).map(Principal::name).toList();
        if (!legacy.isEmpty()) {
            warnings.add("principals " + legacy + " have unsalted keySha256 entries (an older format): rotate "
                    + "them to keyHash entries from 'concord keys new'");
        }
        if (!loopback && tls == null) {
            warnings.add("plain HTTP on " + host + " (allowPlainHttp): API keys cross the network in clear unless "
                    + "a TLS-terminating proxy on this host is the only way in");
        }
        return warnings;
    }

    /** The URL the API answers on. */
    public String apiUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls == null ? "http" : "https") + "://" + h + ":" + port + "/api";
    }

    @Override
    public String toString() {
        return "ServeConfig[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", inbox=" + inbox
                + ", out=" + out + ", mappings=" + mappings + ", ledgerUrl=" + Redact.url(ledgerUrl)
                + ", ledgerUser=" + ledgerUser + ", ledgerPassword=" + (ledgerPassword.isEmpty() ? "" : "***")
                + ", principals=" + principals.stream().map(p -> p.name() + "(" + p.role() + ")").toList()
                + ", tls=" + tls + ", allowPlainHttp=" + allowPlainHttp + ", limits=" + limits + ", inboxReady="
                + inboxReady.name().toLowerCase(Locale.ROOT) + ", inboxStableForMillis=" + inboxStableForMillis + "]";
    }
}
