package io.concord.gateway.serve;

import io.concord.feed.FeedFormats;
import io.concord.gateway.Spool;
import io.concord.gateway.serve.Access;
import io.concord.gateway.serve.Principal;
import io.concord.ledger.LedgerBounds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feed uploads ({@code POST /api/feeds/{feed}}) between the HTTP server, which checks a submission's request head
 * ({@link #admit}) and streams its body into the spool before any route runs, and {@link ApiRoutes}, which takes
 * the spooled file ({@link #take}) by the token the server puts in the {@value #HEADER} request header (a client's
 * own header of that name is removed first, and a token is only valid for the principal that uploaded it).
 */
public final class Uploads {

    /** The request header that carries an upload's token from the HTTP server to the route. */
    public static final String HEADER = "X-Concord-Upload";

    /** A body received whole: where it is spooled, the feed it was sent as, who sent it. */
    public record Upload(Path file, String feed, String principal) {
    }

    private final Spool spool;
    private final long maxBodyBytes;
    private final Map<String, Upload> held = new ConcurrentHashMap<>();
    private final Set<String> taken = ConcurrentHashMap.newKeySet();

    public Uploads(Spool spool, long maxBodyBytes) {
        this.spool = spool;
        this.maxBodyBytes = maxBodyBytes;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Refuses, from the request head alone, a submission that may not come: a principal that is not a FIRM (403),
     * an unknown feed (404), a form instead of the file (415), a declared length over {@code maxBodyBytes} (413) or
     * one that is not a length (400).
     */
    public void admit(Principal p, String feed, String contentType, String contentLength) {
        Access.requireRole(p, Principal.Role.FIRM);
        if (FeedFormats.standard().byId(feed).isEmpty()) {
            throw new Access.Refused(404, "no feed '" + feed + "'; feeds: " + FeedFormats.standard().ids());
        }
        String type = contentType == null ? "" : contentType;
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            throw new Access.Refused(415, "send the feed file itself as the body (Content-Type "
                    + "application/octet-stream, text/csv, application/xml or application/json), not " + type);
        }
        if (contentLength != null) {
            long length;
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new Access.Refused(400, "Content-Length '" + contentLength + "' is not a number of bytes");
            }
            if (length > maxBodyBytes) {
                throw new Access.Refused(413, tooLarge(length));
            }
        }
    }

    /** The reason of a 413: the body is (or has grown to) {@code bytes}. */
    public String tooLarge(long bytes) {
        return "the body is " + bytes + " bytes" + ", over the limit of " + maxBodyBytes + " (maxBodyBytes)";
    }

    /** The longest upload file name kept (a longer one keeps its start and its extension). */
    static final int MAX_FILE_NAME = 160;

    /**
     * The spool file for the upload {@code token} under the client's file name, made safe and at most
     * {@value #MAX_FILE_NAME} characters (the ledger stores it).
     */
    public Path reserve(String token, String fileName) throws IOException {
        return spool.reserve(token, LedgerBounds.fileName(Spool.safe(fileName == null ? "upload" : fileName),
                MAX_FILE_NAME));
    }

    /** The upload {@code token} has arrived whole: {@link #take} may have it. */
    public void hold(String token, Upload upload) {
        held.put(token, upload);
    }

    /** The upload behind {@code token}, which now belongs to the caller; refused unless {@code p} uploaded it. */
    public Upload take(String token, Principal p) {
        Upload u = token == null ? null : held.get(token);
        if (u == null || !u.principal().equals(p.name()) || !held.remove(token, u)) {
            throw new IllegalStateException("no upload received for this request");
        }
        taken.add(token);
        return u;
    }

    /**
     * The request of upload {@code token} is over: its spool folder, if still there (413, a refusal, an upload
     * never taken, or a route that failed after taking it), is deleted, unless the route took it and may still be
     * reading it because the client went away before the answer ({@code answered} false): the next start clears
     * that one.
     */
    public void finished(String token, boolean answered) throws IOException {
        held.remove(token);
        if (!taken.remove(token) || answered) {
            spool.release(token);
        }
    }
}
