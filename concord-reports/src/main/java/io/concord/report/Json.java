package io.concord.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.OutputStream;

/** The one JSON configuration of every output: ISO dates, plain decimals, nulls left out. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * Writes one value of a larger document to a generator ({@code Json.VALUES.writeValue(generator, value)}) as
     * {@link #MAPPER} would, without flushing the generator after it (a flush per value costs a write call each).
     */
    public static final ObjectWriter VALUES = MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    /** A generator of {@link #MAPPER}'s configuration on {@code out} (closing it closes {@code out}). */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.createGenerator(out);
    }

    private Json() {
    }
}
