package io.concord.gateway.serve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page collected from rows read one at a time ({@link Reads.PageOf}) is the page of the whole list sorted stably
 * ({@link Reads.Page#of} after {@code List.sort}), for every page, size and order, ties included.
 */
class ReadsPageTest {

    private record Row(String name, int value) {
    }

    @Test
    void aPageCollectedRowByRowIsThePageOfTheWholeListSortedStably() {
        SplittableRandom rnd = new SplittableRandom(20261206L);
        List<Comparator<Row>> orders = new ArrayList<>();
        orders.add(null);
        orders.add(Comparator.comparingInt(Row::value));
        orders.add(Comparator.comparingInt(Row::value).reversed());
        orders.add(Comparator.comparing(Row::name));
        for (int n : new int[] {0, 1, 7, 500, 1203}) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new Row("r" + rnd.nextInt(50), rnd.nextInt(10))); // many ties
            }
            for (Comparator<Row> order : orders) {
                List<Row> sorted = new ArrayList<>(rows);
                if (order != null) {
                    sorted.sort(order);
                }
                for (int size : new int[] {1, 3, 50, 500}) {
                    for (int page = 1; page <= n / size + 2; page++) {
                        Reads.Paging paging = new Reads.Paging(page, size);
                        Reads.PageOf<Row> collected = new Reads.PageOf<>(paging, order);
                        rows.forEach(collected::add);
                        Reads.Page<Row> expected = Reads.Page.of(sorted, paging);
                        assertThat(collected.page()).as("n %d page %d size %d", n, page, size).isEqualTo(expected);
                        assertThat(expected.total()).isEqualTo(n);
                    }
                }
            }
        }
    }
}
