package io.concord.margin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daily market data kept as dated files: one file per business date, named by its date
 * ({@code <folder>/<YYYY-MM-DD>.yaml}, each in the format of {@code mappings/schema/risk-market-data.schema.json}).
 * The margin of a business date uses the file of that date and no other: a missing file is an error naming the date
 * and the folder (another day's prices are never used), and a file whose {@code asOf} is not the date it is named for
 * is refused with the file and the field.
 */
public final class MarketDataFiles {

    /** No market data file for the date asked: the message names the date, the file and the folder. */
    public static final class NotFound extends MarginParameterException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The folder of daily market data files under a mappings folder. */
    public static final String DIR = "market-data";

    /** A file name that ends with a date: {@code 2026-11-20.yaml}, {@code market-data-2026-11-20.yaml}. */
    private static final Pattern DATED = Pattern.compile("(?:^|.*[^0-9])([0-9]{4}-[0-9]{2}-[0-9]{2})\\.yaml$");

    private MarketDataFiles() {
    }

    /** The name of the file of {@code date}: {@code YYYY-MM-DD.yaml}. */
    public static String fileName(LocalDate date) {
        return date + ".yaml";
    }

    /**
     * The date a file's name ends with ({@code 2026-11-20.yaml}, {@code market-data-2026-11-20.yaml}), empty when
     * the name carries none.
     */
    public static Optional<LocalDate> dateOfName(Path file) {
        Matcher m = DATED.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The problem of {@code data} read from {@code file} when its {@code asOf} is not the date the file's name ends
     * with ({@code FILE: asOf: ...}), empty when they agree or the name carries no date.
     */
    public static Optional<String> nameMismatch(Path file, MarketData data) {
        return dateOfName(file).filter(d -> !d.equals(data.asOf())).map(d -> file + ": asOf: " + data.asOf()
                + " is not the date the file is named for (" + d + ")");
    }

    /**
     * The market data of {@code date}: {@code <folder>/<date>.yaml}, checked against its schema and its name.
     *
     * @throws NotFound                 no file for the date (naming the date and the folder)
     * @throws MarginParameterException a file that does not satisfy its schema, or an {@code asOf} other than the
     *                                  file's date
     */
    public static MarketData forDate(Path folder, LocalDate date) {
        Path file = folder.resolve(fileName(date));
        if (!Files.isRegularFile(file)) {
            throw new NotFound("no market data for the business date " + date + ": " + file
                    + " not found (one file per business date in " + folder + ", named YYYY-MM-DD.yaml; another "
                    + "day's prices are never used)");
        }
        MarketData data = MarketData.read(file, DIR + "/" + file.getFileName());
        Optional<String> mismatch = nameMismatch(file, data);
        if (mismatch.isPresent()) {
            throw new MarginParameterException(mismatch.get());
        }
        return data;
    }
}
