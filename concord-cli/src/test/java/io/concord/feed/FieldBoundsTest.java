package io.concord.feed;

import io.concord.feed.secbd.BdPositionsParser;
import io.concord.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field's length is bounded where a feed's records are batched, whichever parser read them: a field over its
 * limit is INVALID_VALUE with its location, a rejection keeps its reason with its texts cut.
 */
class FieldBoundsTest {

    static final String HEADER = "As Of,Firm LEI,Account,Segregation Class,Symbol,CUSIP,Security Type,Side,Quantity,"
            + "Price,Market Value,Currency,Location\n";

    @TempDir
    Path tmp;

    private static String row(String account, String symbol, String cusip) {
        return "2026-11-20,549300HUDSONCLR0RG39," + account + ",SEC_15C3_3_CUST," + symbol + "," + cusip
                + ",ETF,LONG,1400,683.10,956340.00,USD,DTC\n";
    }

    private List<FeedItem> batched(String content) throws IOException {
        Path file = tmp.resolve("positions.csv");
        Files.writeString(file, content);
        BdPositionsParser parser = new BdPositionsParser();
        SourceFile src = FeedFormats.describe(file, parser.id());
        List<FeedItem> items = new ArrayList<>();
        RecordStream stream = parser.open(Files.newInputStream(file), src);
        for (Iterator<RecordBatch> it = RecordBatch.batches(src, stream, 1000); it.hasNext(); ) {
            items.addAll(it.next().items());
        }
        return items;
    }

    @Test
    void aFieldOverItsLimitIsInvalidValueWithItsLocationAndTheRestIsRead() throws IOException {
        List<FeedItem> items = batched(HEADER
                + row("A".repeat(FieldBounds.IDENTIFIER), "SPY", "78462F103")          // line 2: at the limit
                + row("A".repeat(FieldBounds.IDENTIFIER + 1), "SPY", "78462F103")      // line 3: one over
                + row("C-1", "S".repeat(40_000), "78462F103")                          // line 4: a 40,000-char symbol
                + row("C-1", "SPY", "7".repeat(40_000)));                              // line 5: a 40,000-char CUSIP
        assertThat(items).hasSize(4);
        assertThat(items.get(0)).isInstanceOf(SourcePosition.class);

        RecordFailure account = (RecordFailure) items.get(1);
        assertThat(account.code()).isEqualTo(ReasonCode.INVALID_VALUE);
        assertThat(account.location()).isEqualTo("line 3");
        assertThat(account.field()).isEqualTo("account");
        assertThat(account.message()).isEqualTo("account is 129 characters long; at most 128 are accepted");
        assertThat(account.firm()).isEqualTo("549300HUDSONCLR0RG39");

        RecordFailure symbol = (RecordFailure) items.get(2);
        assertThat(symbol.code()).isEqualTo(ReasonCode.INVALID_VALUE);
        assertThat(symbol.field()).isEqualTo(Attr.SYMBOL);
        assertThat(symbol.message()).isEqualTo("symbol is 40,000 characters long; at most 512 are accepted");
        assertThat(symbol.attributes().get(Attr.SYMBOL)).hasSize(FieldBounds.ATTRIBUTE)
                .endsWith("... [cut: 40,000 characters]");

        RecordFailure cusip = (RecordFailure) items.get(3);
        assertThat(cusip.code()).as("the parser's reason stays").isEqualTo(ReasonCode.INVALID_CUSIP);
        assertThat(cusip.location()).isEqualTo("line 5");
        assertThat(cusip.message().length()).isLessThanOrEqualTo(FieldBounds.MESSAGE);
        assertThat(cusip.message()).startsWith("CUSIP must be").matches("(?s).*\\.\\.\\. \\[cut: 40,0\\d\\d characters]");
        assertThat(cusip.attributes().values()).allSatisfy(v -> assertThat(v.length())
                .isLessThanOrEqualTo(FieldBounds.ATTRIBUTE));
    }

    @Test
    void cutKeepsShortValuesAndNeverSplitsACharacter() {
        assertThat(FieldBounds.cut("short", 10)).isEqualTo("short");
        assertThat(FieldBounds.cut(null, 10)).isNull();
        String emoji = "\uD83D\uDE00".repeat(30); // 60 chars of surrogate pairs
        String cut = FieldBounds.cut(emoji, 40);
        assertThat(cut).endsWith("... [cut: 60 characters]").hasSizeLessThanOrEqualTo(40);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf("...") - 1))).isFalse();
    }
}
