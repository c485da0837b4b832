package io.concord.gateway.serve;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.concord.gateway.serve.ServeHarness.HUDSON;
import static io.concord.gateway.serve.ServeHarness.principal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/openapi.json} against the gateway's real routes: the document is valid OpenAPI 3 (swagger-parser), every
 * route the gateway has (its own calls and every platform-http route, listed from the running Camel context, so a
 * route added anywhere is checked) is documented with its method, and every documented operation answers with a
 * status it documents (never the server's own "no such resource" or "method not allowed").
 */
class ApiDocumentTest {

    @TempDir
    static Path dir;
    static ServeHarness gateway;
    static OpenAPI document;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gateway = new ServeHarness(dir, 10_000_000, List.of(
                principal("hudson", Principal.Role.FIRM, HUDSON),
                principal("regulator", Principal.Role.REGULATOR),
                principal("maintainer", Principal.Role.MAINTAINER)));
        assertThat(gateway.submit("k-hudson", "sec-bd-positions", "fixtures/sec/positions-hudson-2026-11-20.csv")
                .status()).isEqualTo(201);
        String json = new String(gateway.get("/openapi.json", null).bytes(), StandardCharsets.UTF_8);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
        assertThat(parsed.getMessages()).as("the document's problems").isEmpty();
        document = parsed.getOpenAPI();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void everyRouteIsDocumented() {
        List<ApiServer.Route> routes = ApiServer.routes(gateway.runtime.camelContext());
        assertThat(routes).extracting(ApiServer.Route::path)
                .contains("/api/firms/{lei}/margin", "/api/submissions", "/health", "/metrics");
        List<String> missing = new ArrayList<>();
        for (ApiServer.Route r : routes) {
            PathItem item = document.getPaths().get(r.path());
            if (item == null || item.readOperationsMap().get(PathItem.HttpMethod.valueOf(r.method())) == null) {
                missing.add(r.method() + " " + r.path());
            }
        }
        assertThat(missing).as("routes without a documented operation").isEmpty();
    }

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        Set<String> routes = new TreeSet<>();
        ApiServer.routes(gateway.runtime.camelContext()).forEach(r -> routes.add(r.method() + " " + r.path()));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                String method = op.getKey().name();
                assertThat(routes).as("documented but no such route").contains(method + " " + path.getKey());
                HttpResponse<String> answer = call(method, path.getKey(), op.getValue());
                if (!op.getValue().getResponses().containsKey(Integer.toString(answer.statusCode()))
                        || answer.body().contains("no such resource")) {
                    wrong.add(method + " " + path.getKey() + " answered " + answer.statusCode() + " " + answer.body());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Calls an operation with its path parameters' examples, as the first role that is allowed (regulator, the firm,
     * the maintainer); an upload sends a real feed file.
     */
    private static HttpResponse<String> call(String method, String template, Operation op) throws Exception {
        String path = template;
        for (Parameter p : op.getParameters() == null ? List.<Parameter>of() : op.getParameters()) {
            Parameter resolved = p.get$ref() == null ? p : document.getComponents().getParameters()
                    .get(p.get$ref().substring(p.get$ref().lastIndexOf('/') + 1));
            if ("path".equals(resolved.getIn())) {
                assertThat(resolved.getExample()).as("example of " + resolved.getName() + " in " + template)
                        .isNotNull();
                path = path.replace("{" + resolved.getName() + "}", resolved.getExample().toString());
            }
        }
        String root = gateway.base.substring(0, gateway.base.length() - "/api".length());
        HttpResponse<String> last = null;
        for (String key : new String[] {"k-regulator", "k-hudson", "k-maintainer"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).header("X-API-Key", key);
            if (method.equals("POST") && template.startsWith("/api/feeds/")) {
                b.header("X-File-Name", "positions-hudson-2026-11-20.csv").method(method,
                        HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(
                                Path.of("fixtures/sec/positions-hudson-2026-11-20.csv"))));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            last = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() != 403) {
                return last;
            }
        }
        return last;
    }
}
