package io.concord.mapping;

import io.concord.feed.RecordFailure;
import io.concord.feed.SourceFile;
import io.concord.model.CollateralLine;
import io.concord.model.Position;
import io.concord.model.Sensitivity;

import java.util.List;

/**
 * A batch after normalization: what was accepted, by kind, and the records rejected (by the parser or the
 * mappings). {@code sequence} and {@code last} are the source batch's.
 */
public record NormalizedBatch(SourceFile source, int sequence, boolean last, List<Position> positions, List<CollateralLine> collateral,
                              List<Sensitivity> sensitivities, List<RecordFailure> failures) {

    public NormalizedBatch {
        positions = List.copyOf(positions);
        collateral = List.copyOf(collateral);
        sensitivities = List.copyOf(sensitivities);
        failures = List.copyOf(failures);
    }

    public int accepted() {
        return positions.size() + collateral.size() + sensitivities.size();
    }
}
