package io.concord.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.model.Identifiers;
import io.concord.model.SegregationClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reporting firms that identify themselves by a short code instead of an LEI (the CFTC large-trader 80-character
 * records carry a 3-character firm code), read from {@code mappings/firms.yaml}: each firm's LEI and which
 * segregation class each of its accounts sits in (those records carry no class). The normalizer resolves a
 * record's {@code firmCode} attribute through it; an unknown code or an account no rule covers is rejected, never
 * guessed.
 */
public final class FirmDirectory {

    /** A firm: its code, name, LEI and account rules (whole-value regex on the account → class). */
    public record Firm(String code, String name, String lei, List<AccountRule> accounts) {
    }

    public record AccountRule(Pattern pattern, SegregationClass segregationClass) {
    }

    private final Map<String, Firm> firms;

    private FirmDirectory(Map<String, Firm> firms) {
        this.firms = Collections.unmodifiableMap(firms);
    }

    public static FirmDirectory empty() {
        return new FirmDirectory(Map.of());
    }

    public Optional<Firm> byCode(String code) {
        return Optional.ofNullable(code == null ? null : firms.get(code));
    }

    public Map<String, Firm> firms() {
        return firms;
    }

    /** The rules of {@code firm} that cover {@code account}: exactly one is required to place it. */
    public static List<AccountRule> rulesFor(Firm firm, String account) {
        return firm.accounts().stream().filter(r -> r.pattern().matcher(account).matches()).toList();
    }

    /**
     * Reads {@code firms: {CODE: {name, lei, accounts: [{pattern, segregationClass}]}}}: the firms that are well
     * formed, and a problem in {@code problems} for each thing wrong with the others (every one, not the first).
     */
    static FirmDirectory fromYaml(JsonNode root, String file, List<MappingProblem> problems) {
        JsonNode list = root == null ? null : root.get("firms");
        if (list == null || !list.isObject()) {
            problems.add(new MappingProblem(file, 0, "expected a top-level 'firms' mapping"));
            return empty();
        }
        Map<String, Firm> firms = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String code = e.getKey();
            String where = "firms." + code;
            int before = problems.size();
            JsonNode f = e.getValue();
            String lei = f.path("lei").asText("");
            Identifiers.checkLei(lei).ifPresent(bad -> problems.add(new MappingProblem(file, 0, where + ".lei: "
                    + bad)));
            List<AccountRule> rules = new ArrayList<>();
            for (JsonNode r : f.path("accounts")) {
                String cls = r.path("segregationClass").asText("");
                Optional<SegregationClass> seg = SegregationClass.parse(cls);
                if (seg.isEmpty()) {
                    problems.add(new MappingProblem(file, 0, where + ".accounts: segregationClass '" + cls
                            + "' is not one of " + java.util.Arrays.toString(SegregationClass.values())));
                }
                try {
                    Pattern pattern = Pattern.compile(r.path("pattern").asText(""));
                    seg.ifPresent(s -> rules.add(new AccountRule(pattern, s)));
                } catch (PatternSyntaxException ex) {
                    problems.add(new MappingProblem(file, 0, where + ".accounts: bad pattern: "
                            + ex.getDescription()));
                }
            }
            if (!f.path("accounts").elements().hasNext()) {
                problems.add(new MappingProblem(file, 0, where + ": 'accounts' must give at least one account rule"));
            }
            if (problems.size() == before) {
                firms.put(code, new Firm(code, f.path("name").asText(code), lei, List.copyOf(rules)));
            }
        }
        return new FirmDirectory(firms);
    }
}
