package io.concord.gateway.serve;

import java.util.List;
import java.util.Optional;

/** API-key authentication and role / firm authorization; refusals carry the HTTP status and a reason. */
public final class Access {

    private final List<Principal> principals;

    public Access(List<Principal> principals) {
        this.principals = List.copyOf(principals);
    }

    /** A refusal: 401 (who are you?), 403 (not allowed), with a reason for the JSON error body. */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String reason) {
            super(reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
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
