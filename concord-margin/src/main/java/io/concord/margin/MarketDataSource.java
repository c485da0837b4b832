package io.concord.margin;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where a margin run finds the closing market data of the business date it margins.
 */
public interface MarketDataSource {

    /**
     * The market data of {@code date}.
     *
     * @throws MarginParameterException none for the date, or a file that cannot be used (naming the file)
     */
    MarketData on(LocalDate date);

    /**
     * The dated files of {@code folder} ({@link MarketDataFiles}): the date's own file, read each time a run asks for
     * it (once per run), so a long-running gateway sees the day's file, or a corrected one, as soon as it is there.
     */
    static MarketDataSource dated(Path folder) {
        return date -> MarketDataFiles.forDate(folder, date);
    }
}
