package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.concord.feed.FeedFormats;
import io.concord.ledger.Ledger;
import io.concord.mapping.ExampleRunner;
import io.concord.mapping.MappingLint;
import io.concord.mapping.MappingSet;
import io.concord.model.Ack;
import io.concord.report.Json;
import io.concord.report.JsonDocumentReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API's read side for the console: paged, filtered lists (submissions, firms, a firm's accounts, exceptions),
 * an account's margin with its explain tree, a firm's margin history, who the caller is, and the maintainer's
 * view of the mapping set. Every read checks the caller as the existing calls do ({@link Access}): a FIRM reads only
 * its LEIs and its own submissions, a REGULATOR every firm, a MAINTAINER the mappings only. Refusals are
 * {@link Access.Refused} and so answer in the API's one error shape.
 *
 * <p>Reads come from the ledger (submissions) and the published current state ({@link CurrentState}: the same files
 * the margin and regulator calls serve), so the console shows exactly what those files say.
 */
public final class Reads {

    /** The largest page a list answers with. */
    public static final int MAX_PAGE = 500;
    static final int DEFAULT_PAGE = 50;

    private static final Pattern LEI = Pattern.compile("[A-Z0-9]{18}[0-9]{2}");

    private final Ledger ledger;
    private final CurrentState current;
    private final List<Principal> principals;
    private final Path mappingsFolder;
    private final Supplier<MappingSet> mappings;
    private final MarginHistory history;

    public Reads(Ledger ledger, CurrentState current, List<Principal> principals, Path mappingsFolder,
                 Supplier<MappingSet> mappings) {
        this.ledger = ledger;
        this.current = current;
        this.principals = List.copyOf(principals);
        this.mappingsFolder = mappingsFolder;
        this.mappings = mappings;
        this.history = current.history();
    }

    /** Which page of a list: 1-based {@code page}, {@code size} rows (at most {@link #MAX_PAGE}). */
    public record Paging(int page, int size) {
        public Paging {
            if (page < 1) {
                throw new Access.Refused(400, "page is counted from 1, got " + page);
            }
            if (size < 1 || size > MAX_PAGE) {
                throw new Access.Refused(400, "size is 1 to " + MAX_PAGE + ", got " + size);
            }
        }

        /** From the query parameters {@code page} and {@code size} (null: 1 and {@value #DEFAULT_PAGE}). */
        public static Paging of(String page, String size) {
            return new Paging(number("page", page, 1), number("size", size, DEFAULT_PAGE));
        }

        private static int number(String name, String value, int otherwise) {
            if (value == null || value.isEmpty()) {
                return otherwise;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new Access.Refused(400, name + " is a whole number, got '" + value + "'");
            }
        }
    }

    /** One page of a list: which page, its size, how many rows the whole filtered list has, and this page's rows. */
    public record Page<T>(int page, int size, long total, List<T> items) {
        static <T> Page<T> of(List<T> all, Paging p) {
            int from = (int) Math.min(all.size(), (long) (p.page() - 1) * p.size());
            int to = Math.min(all.size(), from + p.size());
            return new Page<>(p.page(), p.size(), all.size(), List.copyOf(all.subList(from, to)));
        }
    }

    /**
     * A page of a list read one row at a time (a firm's accounts, the exceptions of every submission): every row is
     * counted, and only the rows up to the page's end are kept, so memory follows the page asked for, not the list.
     * In reading order, or in {@code order} with ties in reading order (as a stable sort of the whole list would
     * give).
     */
    static final class PageOf<T> {
        private record Row<T>(T row, long index) {
        }

        private final Paging paging;
        private final Comparator<Row<T>> order;
        private final long keep;
        private final PriorityQueue<Row<T>> kept;
        private final List<T> inOrder = new ArrayList<>();
        private long total;

        /** {@code order} null: the rows' reading order. */
        PageOf(Paging paging, Comparator<? super T> order) {
            this.paging = paging;
            this.keep = (long) paging.page() * paging.size();
            this.order = order == null ? null : Comparator.<Row<T>, T>comparing(Row::row, order)
                    .thenComparingLong(Row::index);
            this.kept = order == null ? null : new PriorityQueue<>(this.order.reversed());
        }

        void add(T row) {
            long index = total++;
            if (order == null) {
                if (index >= keep - paging.size() && index < keep) {
                    inOrder.add(row);
                }
                return;
            }
            kept.add(new Row<>(row, index));
            if (kept.size() > keep) {
                kept.poll(); // the last of the kept rows: past the page's end
            }
        }

        Page<T> page() {
            List<T> rows = inOrder;
            if (order != null) {
                List<Row<T>> sorted = new ArrayList<>(kept);
                sorted.sort(order);
                int from = (int) Math.min(sorted.size(), keep - paging.size());
                rows = sorted.subList(from, sorted.size()).stream().map(Row::row).toList();
            }
            return new Page<>(paging.page(), paging.size(), total, List.copyOf(rows));
        }
    }

    /** {@code GET /api/me}: the caller, its firms, what it may read, and the feeds it may submit (FIRM). */
    public record Me(String name, Principal.Role role, List<String> firms, List<String> may, List<String> feeds) {
    }

    public Me me(Principal p) {
        List<String> may = switch (p.role()) {
            case FIRM -> List.of("submit", "submissions:own", "firms:own", "margin:own", "exceptions:own",
                    "history:own");
            case REGULATOR -> List.of("submissions:all", "firms:all", "margin:all", "exceptions:all", "history:all",
                    "regulator-views");
            case MAINTAINER -> List.of("mappings", "mappings:reload");
        };
        boolean firm = p.role() == Principal.Role.FIRM;
        return new Me(p.name(), p.role(), firm ? List.copyOf(p.leis()) : List.of(), may,
                firm ? FeedFormats.standard().ids() : List.of());
    }

    /**
     * {@code GET /api/submissions}: newest first. A FIRM sees only the submissions it made; a REGULATOR every one,
     * narrowed to a firm's principals by {@code firm}. {@code status} is one of the ack statuses; {@code from} and
     * {@code to} are receipt dates (UTC, inclusive).
     */
    public Page<Ledger.SubmissionRow> submissions(Principal p, String firm, String status, String from, String to,
                                                  Paging paging) {
        Access.requireRole(p, Principal.Role.FIRM, Principal.Role.REGULATOR);
        Predicate<Ledger.SubmissionRow> keep = r -> true;
        if (p.role() == Principal.Role.FIRM) {
            keep = r -> r.principal().equals(p.name());
        }
        if (firm != null && !firm.isEmpty()) {
            Access.requireFirm(p, lei(firm));
            Set<String> names = principals.stream().filter(x -> x.leis().contains(firm)).map(Principal::name)
                    .collect(Collectors.toSet());
            keep = keep.and(r -> names.contains(r.principal()));
        }
        if (status != null && !status.isEmpty()) {
            Ack.Status s = status(status);
            keep = keep.and(r -> r.status() == s);
        }
        LocalDate since = date("from", from);
        LocalDate until = date("to", to);
        if (since != null) {
            keep = keep.and(r -> !day(r).isBefore(since));
        }
        if (until != null) {
            keep = keep.and(r -> !day(r).isAfter(until));
        }
        List<Ledger.SubmissionRow> rows = ledger.submissions().stream().filter(keep)
                .sorted(Comparator.comparing(Ledger.SubmissionRow::receivedAt).reversed()
                        .thenComparing(Ledger.SubmissionRow::id))
                .toList();
        return Page.of(rows, paging);
    }

    private static LocalDate day(Ledger.SubmissionRow r) {
        return r.receivedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    private static Ack.Status status(String s) {
        try {
            return Ack.Status.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Access.Refused(400, "status is one of " + List.of(Ack.Status.values()) + ", got '" + s + "'");
        }
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new Access.Refused(400, name + " is a date (YYYY-MM-DD), got '" + value + "'");
        }
    }

    static String lei(String lei) {
        if (lei == null || !LEI.matcher(lei).matches()) {
            throw new Access.Refused(400, "'" + lei + "' is not an LEI (20 characters, letters and digits)");
        }
        return lei;
    }

    /**
     * {@code GET /api/firms}: the firms of the current state with their margin totals ({@code margin-by-firm}
     * without the stress detail), filtered by {@code q} (part of the LEI), sorted by {@code sort} (a field, {@code -}
     * first for descending). A FIRM sees its own only.
     */
    public Page<JsonNode> firms(Principal p, String q, String sort, Paging paging) {
        Access.requireRole(p, Principal.Role.FIRM, Principal.Role.REGULATOR);
        JsonNode view = state("regulator/margin-by-firm.json", "no firm view");
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode f : view.path("firms")) {
            String lei = f.path("firm").asText();
            if (p.role() == Principal.Role.FIRM && !p.leis().contains(lei)) {
                continue;
            }
            if (q != null && !q.isEmpty() && !lei.contains(q.toUpperCase(Locale.ROOT))) {
                continue;
            }
            ObjectNode row = f.deepCopy();
            row.remove("stress");
            row.put("asOf", view.path("asOf").asText());
            rows.add(row);
        }
        rows.sort(order(sort, "firm"));
        return Page.of(rows, paging);
    }

    /** Orders rows by a field ({@code -field}: descending), numbers as numbers; the default when none is given. */
    private static Comparator<JsonNode> order(String sort, String otherwise) {
        String s = sort == null || sort.isEmpty() ? otherwise : sort;
        boolean descending = s.startsWith("-");
        String field = descending ? s.substring(1) : s;
        if (!field.matches("[A-Za-z]+")) {
            throw new Access.Refused(400, "sort is a field name, '-' first for descending, got '" + sort + "'");
        }
        Comparator<JsonNode> c = Comparator.comparing((JsonNode n) -> n.path(field),
                (a, b) -> a.isNumber() && b.isNumber() ? Double.compare(a.asDouble(), b.asDouble())
                        : a.asText().compareTo(b.asText()));
        return descending ? c.reversed() : c;
    }

    /**
     * {@code GET /api/firms/{lei}/accounts}: the firm's accounts on the current state, each with its siloed
     * requirement by silo, harmonized total, saving, collateral after haircuts and excess (+) or deficit (-), without
     * the explain trees (see {@link #account}).
     */
    public Page<JsonNode> accounts(Principal p, String lei, String sort, Paging paging) {
        Access.requireFirm(p, lei(lei));
        PageOf<JsonNode> rows = new PageOf<>(paging, order(sort, "account"));
        firmAccounts(lei, (header, a) -> {
            ObjectNode row = Json.MAPPER.createObjectNode();
            row.put("account", a.path("account").asText());
            row.put("segregationClass", a.path("segregationClass").asText());
            ObjectNode silos = row.putObject("siloed");
            for (JsonNode s : a.path("silos")) {
                silos.set(s.path("silo").asText(), s.path("requirement"));
            }
            row.set("siloedTotal", a.path("siloedTotal"));
            row.set("harmonizedTotal", a.path("harmonized").path("total"));
            row.set("saving", a.path("harmonized").path("saving"));
            row.set("collateral", a.path("collateral").path("postHaircut"));
            row.set("excessDeficit", a.path("excessDeficit"));
            row.put("unmargined", a.path("unmargined").size());
            rows.add(row);
            return true;
        });
        return rows.page();
    }

    /** {@code GET /api/firms/{lei}/accounts/{account}/margin}: the account's entry of the firm's margin.json. */
    public JsonNode account(Principal p, String lei, String account) {
        Access.requireFirm(p, lei(lei));
        ObjectNode[] found = {null};
        firmAccounts(lei, (header, a) -> {
            if (!a.path("account").asText().equals(account)) {
                return true;
            }
            found[0] = (ObjectNode) a;
            found[0].put("asOf", header.path("asOf").asText());
            return false;
        });
        if (found[0] != null) {
            return found[0];
        }
        throw new Access.Refused(404, "firm " + lei + " has no account '" + account + "' on the current state");
    }

    /**
     * {@code GET /api/firms/{lei}/margin/history}: the firm's totals by business date, the last state computed for
     * each date; {@code from} / {@code to} bound the business dates (inclusive).
     */
    public List<MarginHistory.Entry> history(Principal p, String lei, String from, String to) {
        Access.requireFirm(p, lei(lei));
        LocalDate since = date("from", from);
        LocalDate until = date("to", to);
        return history.of(lei).stream()
                .filter(e -> since == null || !e.asOf().isBefore(since))
                .filter(e -> until == null || !e.asOf().isAfter(until))
                .toList();
    }

    /**
     * {@code GET /api/exceptions}: the rejected and unmapped records of every committed submission (the current
     * state's {@code exceptions.jsonl}), filtered by {@code firm}, {@code submission} and {@code reason}. A FIRM sees
     * those listed for its LEIs and those of its own submissions (a file that could not be read names no firm).
     */
    public Page<JsonNode> exceptions(Principal p, String firm, String submission, String reason, Paging paging) {
        Access.requireRole(p, Principal.Role.FIRM, Principal.Role.REGULATOR);
        if (firm != null && !firm.isEmpty()) {
            Access.requireFirm(p, lei(firm));
        }
        Set<String> own = p.role() == Principal.Role.FIRM ? ledger.submissions().stream()
                .filter(r -> r.principal().equals(p.name())).map(Ledger.SubmissionRow::id)
                .collect(Collectors.toSet()) : Set.of();
        PageOf<JsonNode> rows = new PageOf<>(paging, null);
        forEachException(row -> {
            String rowFirm = row.path("firm").asText(null);
            String id = row.path("submissionId").asText();
            if (p.role() == Principal.Role.FIRM && !(rowFirm != null && p.leis().contains(rowFirm))
                    && !own.contains(id)) {
                return;
            }
            if (firm != null && !firm.isEmpty() && !firm.equals(rowFirm)) {
                return;
            }
            if (submission != null && !submission.isEmpty() && !submission.equals(id)) {
                return;
            }
            if (reason != null && !reason.isEmpty() && !reason.equalsIgnoreCase(row.path("reason").asText())) {
                return;
            }
            rows.add(row);
        });
        return rows.page();
    }

    /** Each line of the current state's {@code exceptions.jsonl}, read as a stream (none before the first state). */
    private void forEachException(java.util.function.Consumer<JsonNode> each) {
        Optional<InputStream> in = current.open("exceptions.jsonl");
        if (in.isEmpty()) {
            return;
        }
        try (InputStream s = in.get();
             var it = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(s)) {
            while (it.hasNextValue()) {
                each.accept(it.nextValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exceptions.jsonl of the current state", e);
        }
    }

    /**
     * {@code GET /api/mappings} (MAINTAINER): the mapping set in use (version, definitions), the lint and example
     * test results of the mappings folder as it is on disk now (what a reload would load), and the products the
     * ledger's submissions could not map: each distinct set of attributes with how many records had it and where
     * the first was (what {@code mappings coverage} lists for files).
     */
    public Map<String, Object> mappings(Principal p) {
        Access.requireRole(p, Principal.Role.MAINTAINER);
        MappingSet set = mappings.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mappingsVersion", set.version());
        out.put("definitions", set.definitions().size());
        out.put("lint", MappingLint.lint(mappingsFolder, FeedFormats.standard().ids()).stream()
                .map(Object::toString).toList());
        List<Map<String, Object>> tests = new ArrayList<>();
        int passed = 0;
        for (ExampleRunner.Outcome o : ExampleRunner.run(set)) {
            if (o.passed()) {
                passed++;
            } else {
                tests.add(Map.of("definition", o.definition().id(), "failures", o.failures()));
            }
        }
        out.put("examples", Map.of("passed", passed, "failed", tests));
        Map<String, Map<String, Object>> unmapped = new TreeMap<>();
        forEachException(row -> {
            String reason = row.path("reason").asText();
            if (!reason.equals("UNMAPPED_PRODUCT") && !reason.equals("AMBIGUOUS_PRODUCT")) {
                return;
            }
            Map<String, String> attributes = new TreeMap<>(Json.MAPPER.convertValue(row.path("attributes"),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {
                    }));
            String key = reason + " " + row.path("feed").asText() + " " + attributes;
            Map<String, Object> entry = unmapped.computeIfAbsent(key, k -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("reason", reason);
                e.put("feed", row.path("feed").asText());
                e.put("attributes", attributes);
                e.put("records", 0);
                e.put("first", row.path("file").asText() + " " + row.path("location").asText());
                e.put("submission", row.path("submissionId").asText());
                return e;
            });
            entry.put("records", (Integer) entry.get("records") + 1);
        });
        out.put("unmapped", List.copyOf(unmapped.values()));
        return out;
    }

    /**
     * Gives each account of the firm's {@code margin.json} in the current state, with the document's head fields read
     * before its accounts ({@code asOf}, the versions), one account at a time as the file is read (a firm's file grows
     * with its positions: it is never held whole), until {@code each} answers false.
     */
    private void firmAccounts(String lei, java.util.function.BiPredicate<JsonNode, JsonNode> each) {
        Optional<InputStream> in = current.open("reports/" + lei + "/margin.json");
        if (in.isEmpty()) {
            throw new Access.Refused(404, current.published() ? "no margin for firm " + lei + " yet: the gateway's "
                    + "current state holds none of its positions, collateral or CRIF sensitivities on the business "
                    + "date it margins" : NO_STATE);
        }
        ObjectNode header = Json.MAPPER.createObjectNode();
        JsonDocumentReader.read(in.get(), "reports/" + lei + "/margin.json of the current state",
                new JsonDocumentReader.Visitor() {
                    @Override
                    public JsonDocumentReader.Mode mode(String field) {
                        return field.equals("accounts") ? JsonDocumentReader.Mode.ELEMENTS
                                : field.equals("rejected") ? JsonDocumentReader.Mode.SKIP
                                : JsonDocumentReader.Mode.WHOLE;
                    }

                    @Override
                    public boolean field(String field, JsonNode value) {
                        header.set(field, value);
                        return true;
                    }

                    @Override
                    public boolean element(String field, JsonNode account) {
                        return each.test(header, account);
                    }
                });
    }

    private static final String NO_STATE = "no current state yet: no submission is committed, or the first one is "
            + "still being margined";

    private JsonNode state(String file, String missing) {
        Optional<byte[]> bytes = current.read(file);
        if (bytes.isEmpty()) {
            throw new Access.Refused(404, current.published() ? missing : NO_STATE);
        }
        try {
            return Json.MAPPER.readTree(bytes.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " of the current state", e);
        }
    }
}
