package io.concord.gateway.serve;

import io.concord.report.Json;

import java.util.List;
import java.util.Optional;

/**
 * API-key authentication and role / firm authorization; refusals carry the HTTP status and a reason, and every
 * refusal of the API has one JSON shape, {@link #errorJson}.
 */
public final class Access {

    private final List<Principal> principals;

    public Access(List<Principal> principals) {
        this.principals = List.copyOf(principals);
    }

    /**
     * A refusal: 401 (who are you?), 403 (not allowed), 429 / 503 (not now: {@code retryAfterSeconds} says when to
     * try again), ..., with a reason for the JSON error body.
     */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final long retryAfterSeconds;

        public Refused(int status, String reason) {
            this(status, reason, 0);
        }

        public Refused(int status, String reason, long retryAfterSeconds) {
            super(reason, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        /** Seconds to wait before asking again (the Retry-After header), 0 when it does not apply. */
        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** The body of every error answer of the API: {@code {"status": <code>, "error": "<reason>"}}. */
    public static String errorJson(int status, String reason) {
        return Json.MAPPER.createObjectNode().put("status", status).put("error", reason).toString();
    }

    /** The key a request presents in its headers: X-API-Key, else an "Authorization: Bearer" token; null if none. */
    public static String presentedKey(String xApiKey, String authorization) {
        if (xApiKey == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7);
        }
        return xApiKey;
    }

    /** The principal presenting {@code apiKey} (header X-API-Key or "Authorization: Bearer"). */
    public Principal authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new Refused(401, "an API key is required (header X-API-Key or Authorization: Bearer)");
        }
        Optional<Principal> p = principals.stream().filter(x -> x.matches(apiKey.trim())).findFirst();
        return p.orElseThrow(() -> new Refused(401, "the API key is not recognised"));
    }

    public static void requireRole(Principal p, Principal.Role... roles) {
        for (Principal.Role r : roles) {
            if (p.role() == r) {
                return;
            }
        }
        throw new Refused(403, p.name() + " (" + p.role() + ") may not do this; it needs " + List.of(roles));
    }

    /** A REGULATOR reads every firm; a FIRM only the LEIs it is bound to. */
    public static void requireFirm(Principal p, String lei) {
        requireRole(p, Principal.Role.FIRM, Principal.Role.REGULATOR);
        if (p.role() == Principal.Role.FIRM && !p.leis().contains(lei)) {
            throw new Refused(403, p.name() + " may not read firm " + lei);
        }
    }
}
