package io.concord.gateway.bus;

import io.concord.mapping.NormalizedBatch;
import io.concord.model.Lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The ingest side of the bus as a stage: turns a normalized batch into the bus records of one kind, each with its
 * identity, publish order and partitioning key. Nothing here knows the transport.
 */
public final class BusPublisher {

    /** Publish order: starts at the clock (microseconds) so a restarted ingest keeps counting upwards. */
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);

    /** The records of one kind ({@link #positions}, {@link #collateral} or {@link #sensitivities}). */
    public List<BusRecord> records(BusRecord.Kind kind, NormalizedBatch batch) {
        return switch (kind) {
            case POSITIONS -> positions(batch);
            case COLLATERAL -> collateral(batch);
            case SENSITIVITIES -> sensitivities(batch);
        };
    }

    public List<BusRecord> positions(NormalizedBatch batch) {
        return records(batch.positions(), BusRecord.Kind.POSITIONS, p -> p.lineage(),
                (p, id) -> new BusRecord(id, seq.incrementAndGet(), p.firmLei(), p.account(), p, null, null));
    }

    public List<BusRecord> collateral(NormalizedBatch batch) {
        return records(batch.collateral(), BusRecord.Kind.COLLATERAL, c -> c.lineage(),
                (c, id) -> new BusRecord(id, seq.incrementAndGet(), c.ownerLei(), c.account(), null, c, null));
    }

    public List<BusRecord> sensitivities(NormalizedBatch batch) {
        return records(batch.sensitivities(), BusRecord.Kind.SENSITIVITIES, s -> s.lineage(),
                (s, id) -> new BusRecord(id, seq.incrementAndGet(), s.firmLei(), s.account(), null, null, s));
    }

    private interface Make<T> {
        BusRecord make(T item, String id);
    }

    /**
     * Identity = kind + submission + record number; a source record that gave several records of one kind numbers
     * the further ones {@code /2}, {@code /3} in order (normalization is deterministic, so a re-publish gives the
     * same identities).
     */
    private static <T> List<BusRecord> records(List<T> items, BusRecord.Kind kind, Function<T, Lineage> lineage,
                                               Make<T> make) {
        List<BusRecord> out = new ArrayList<>(items.size());
        Map<String, Integer> seen = new HashMap<>();
        for (T item : items) {
            Lineage l = lineage.apply(item);
            String id = kind.endpointName() + ":" + l.submissionId() + ":" + l.record();
            int n = seen.merge(id, 1, Integer::sum);
            out.add(make.make(item, n == 1 ? id : id + "/" + n));
        }
        return out;
    }
}
