package io.concord.docs;

import io.concord.feed.FeedFormats;
import io.concord.gateway.cli.ConcordCli;
import io.concord.model.ReasonCode;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs a newcomer walks: README.md (the front door) and docs/*.md. Links resolve, and the tables that mirror
 * code (reason codes, feed ids, segregation classes, CLI commands and options) list everything the code has, so
 * they cannot drift unnoticed.
 */
class DocsTest {

    static final Path README = Path.of("README.md");
    static final Path DOCS = Path.of("docs");

    /** The front door stays short (issue 21: under ~10 KB): everything else belongs in docs/. */
    static final int README_MAX_BYTES = 10 * 1024;

    /**
     * Pages other branches add (issue 21): linked from here already, not on this branch yet. Remove an entry once
     * the branch that adds the page is merged.
     */
    static final Set<Path> PAGES_OTHER_BRANCHES_ADD = Set.of(); // none now: every page is merged

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

    @Test
    void readmeStaysAShortFrontDoor() throws IOException {
        assertThat(Files.size(README)).as("README.md size in bytes (move detail into docs/)")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    /** The README's performance table is what the bench's JSON results render, never edited by hand. */
    @Test
    void readmePerformanceTableIsGeneratedFromTheBenchResults() throws IOException {
        String table = io.concord.bench.BenchTable.render(Path.of(io.concord.bench.BenchTable.RESULTS));
        assertThat(table).contains("| `bench` |");
        assertThat(io.concord.bench.BenchTable.block(Files.readString(README)))
                .as("README's table: rerun ./concord bench --readme README.md").isEqualTo(table);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = withoutCode(Files.readString(page));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    if (!PAGES_OTHER_BRANCHES_ADD.contains(resolved)) {
                        broken.add(page + ": " + target + " (no file " + resolved + ")");
                    }
                    continue;
                }
                if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void allowanceListsOnlyPagesStillMissing() {
        for (Path p : PAGES_OTHER_BRANCHES_ADD) {
            assertThat(p).as(p + " exists now: remove it from PAGES_OTHER_BRANCHES_ADD").doesNotExist();
        }
    }

    @Test
    void readmeIndexesEveryDocsPage() throws IOException {
        String readme = Files.readString(README);
        for (Path page : docsPages()) {
            assertThat(readme).as("README's docs index links " + page).contains("](" + page.toString().replace('\\', '/') + ")");
        }
    }

    @Test
    void reasonCodeTableListsEveryCode() throws IOException {
        String feeds = Files.readString(DOCS.resolve("feeds.md"));
        List<String> missing = new ArrayList<>();
        for (ReasonCode code : ReasonCode.values()) {
            if (!feeds.contains("| `" + code.name() + "` | " + code.category().name() + " | ")) {
                missing.add(code.name() + " (" + code.category() + ")");
            }
        }
        assertThat(missing).as("reason codes without a row `| `CODE` | CATEGORY | ...` in docs/feeds.md").isEmpty();
    }

    @Test
    void feedsPageListsEveryFeedAndSegregationClass() throws IOException {
        String feeds = Files.readString(DOCS.resolve("feeds.md"));
        List<String> missing = new ArrayList<>();
        for (String id : FeedFormats.standard().ids()) {
            if (!feeds.contains("| `" + id + "` | ")) {
                missing.add("feed " + id);
            }
        }
        for (SegregationClass c : SegregationClass.values()) {
            if (!feeds.contains("`" + c.name() + "`")) {
                missing.add("segregation class " + c);
            }
        }
        assertThat(missing).as("not in docs/feeds.md").isEmpty();
    }

    @Test
    void everyCommandAndOptionIsInTheCliPageAndEveryCommandInTheReadme() throws IOException {
        List<String> cli = Files.readAllLines(DOCS.resolve("cli.md"));
        String readmeCommands = section(Files.readString(README), "## Commands");
        List<String> problems = new ArrayList<>();
        for (CommandSpec spec : commands(new CommandLine(new ConcordCli()).getCommandSpec())) {
            String name = spec.qualifiedName(" ").substring("concord ".length());
            String invocation = "`./concord " + name;
            if (!readmeCommands.contains(invocation)) {
                problems.add("README.md's command table has no " + invocation + "`");
            }
            List<String> rows = cli.stream()
                    .filter(l -> l.startsWith("| " + invocation + " ") || l.startsWith("| " + invocation + "`"))
                    .toList();
            boolean group = !spec.subcommands().isEmpty();
            if (rows.isEmpty()) {
                if (!group) {
                    problems.add("docs/cli.md has no table row starting " + invocation);
                }
                continue;
            }
            String row = String.join("\n", rows);
            for (OptionSpec option : spec.options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue; // every command has --help and --version (docs/cli.md says so once)
                }
                String optionName = option.longestName();
                if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(optionName) + "(?![\\w-])").matcher(row).find()) {
                    problems.add("docs/cli.md row of " + invocation + "` lacks " + optionName);
                }
            }
        }
        assertThat(problems).as("CLI documentation against the picocli definitions").isEmpty();
    }

    @Test
    void processExitCodesAreInTheCliPage() throws IOException {
        String cli = Files.readString(DOCS.resolve("cli.md"));
        CommandSpec process = new CommandLine(new ConcordCli()).getSubcommands().get("process").getCommandSpec();
        assertThat(process.usageMessage().exitCodeList()).as("process --help lists its exit codes").isNotEmpty();
        for (String code : process.usageMessage().exitCodeList().keySet()) {
            assertThat(cli.contains("\n| " + code.strip() + " | ")).as("docs/cli.md exit-code row of " + code).isTrue();
        }
    }

    @Test
    void everyApiPathIsDocumented() throws IOException {
        StringBuilder docs = new StringBuilder();
        for (Path page : docsPages()) {
            docs.append(Files.readString(page));
        }
        List<String> missing = new ArrayList<>();
        int paths = 0;
        for (String line : Files.readAllLines(Path.of("concord-gateway/src/main/resources/api/openapi.yaml"))) {
            if (line.matches("^  /\\S*:\\s*$")) {
                paths++;
                String path = line.strip().replaceFirst(":$", "");
                if (!path.equals("/") && !docs.toString().contains(path)) {
                    missing.add(path);
                }
            }
        }
        assertThat(paths).as("paths read from openapi.yaml").isGreaterThan(10);
        assertThat(missing).as("OpenAPI paths no docs/*.md page names").isEmpty();
    }

    private static List<CommandSpec> commands(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandLine sub : new HashSet<>(root.subcommands().values())) {
            all.add(sub.getCommandSpec());
            all.addAll(commands(sub.getCommandSpec()));
        }
        return all;
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("README.md has a section " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        pages.addAll(docsPages());
        return pages;
    }

    private static List<Path> docsPages() throws IOException {
        try (Stream<Path> s = Files.list(DOCS)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    private static String withoutCode(String markdown) {
        return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        for (String line : FENCE.matcher(markdown).replaceAll("").split("\n")) {
            if (!line.startsWith("#")) {
                continue;
            }
            String slug = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }
}
