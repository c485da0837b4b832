package io.concord.gateway.serve;

import java.util.regex.Pattern;

/**
 * Masks credentials in URLs before they are printed or logged: the password of {@code user:password@} user info,
 * and the values of parameters that carry secrets ({@code password=}, {@code token=}, {@code apiKey=}, ...) whether
 * they follow {@code ?}, {@code &} or {@code ;} (JDBC URLs of PostgreSQL, H2, SQL Server put them there).
 */
public final class Redact {

    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:;]*:)[^/?#@]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&;](?:password|passwd|pwd|pass|secret"
            + "|client_secret|token|access_token|refresh_token|auth|authorization|api[-_]?key|x-api-key|key"
            + "|sslpassword|sslkey|sas|sig|signature|credentials?)=)[^&;#]*");

    private Redact() {
    }

    /** {@code url} with every password and secret parameter value replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = USER_INFO.matcher(url).replaceAll("$1***@");
        return SECRET_PARAM.matcher(s).replaceAll("$1***");
    }
}
