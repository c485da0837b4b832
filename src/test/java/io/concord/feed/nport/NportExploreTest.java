package io.concord.feed.nport;

import io.concord.feed.FeedItem;
import io.concord.feed.FeedTesting;
import io.concord.feed.RecordFailure;
import io.concord.feed.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class NportExploreTest {
    @Test
    void explore() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/nport"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                List<FeedItem> items = FeedTesting.parse(new NportParser(), p);
                List<RecordFailure> fails = FeedTesting.only(items, RecordFailure.class);
                System.out.println("== " + p + " items=" + items.size() + " failures=" + fails.size());
                fails.stream().limit(8).forEach(f -> System.out.println("  " + f.location() + " " + f.code() + " " + f.field() + " " + f.message()));
                io.concord.mapping.Normalizer n = new io.concord.mapping.Normalizer(io.concord.mapping.MappingSet.load(Path.of("mappings")));
                java.util.Map<String, Long> byOutcome = new java.util.TreeMap<>();
                for (SourcePosition sp : FeedTesting.only(items, SourcePosition.class)) {
                    var r = n.normalize(sp);
                    String k = r.failure() == null ? r.position().product().taxonomy() : r.failure().code() + " " + sp.attributes().get("term.assetCat") + "/" + sp.attributes().get("term.issuerCat") + "/" + sp.attributes().get("term.derivCat") + " " + sp.attributes().getOrDefault("indexName", "") + (r.failure().code().name().startsWith("AMB") ? r.failure().message() : "");
                    byOutcome.merge(k, 1L, Long::sum);
                }
                byOutcome.forEach((k, v) -> System.out.println("   " + v + " " + k));
                FeedTesting.only(items, SourcePosition.class).stream().limit(0).forEach(sp -> System.out.println("  " + sp.attributes() + " L" + sp.longQty() + " S" + sp.shortQty()));
            }
        }
    }
}
