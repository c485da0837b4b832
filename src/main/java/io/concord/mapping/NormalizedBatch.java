package io.concord.mapping;

import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.model.Position;

import java.util.List;

/** A batch after normalization: positions accepted, and records rejected (by the parser or the mappings). */
public record NormalizedBatch(SourceFile source, List<Position> positions, List<RecordFailure> failures) {

    public NormalizedBatch {
        positions = List.copyOf(positions);
        failures = List.copyOf(failures);
    }
}
