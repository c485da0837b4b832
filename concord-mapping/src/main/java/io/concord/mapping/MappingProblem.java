package io.concord.mapping;

/**
 * One thing wrong with a mapping file, and where: {@code mappings/products/x.yaml:12: message}.
 *
 * @param file     the file, as given when the folder was read
 * @param line     1-based line, 0 when the problem concerns the whole file
 * @param message  what is wrong, in a sentence
 */
public record MappingProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
