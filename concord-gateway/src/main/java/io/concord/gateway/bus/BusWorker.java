package io.concord.gateway.bus;

/**
 * The worker side of the bus as a stage: applies each record delivered (as its JSON form) to the durable
 * {@link WorkerState}. Nothing here knows the transport.
 */
public final class BusWorker {

    private final WorkerState state;

    public BusWorker(WorkerState state) {
        this.state = state;
    }

    /**
     * Applies one delivery of records (their JSON forms), durably and at once; a record whose identity was applied
     * before (a re-delivery) changes nothing. Returns how many were applied.
     */
    public int apply(java.util.List<?> json) {
        java.util.List<BusRecord> records = new java.util.ArrayList<>(json.size());
        for (Object item : json) {
            records.add(BusRecord.fromJson((String) item));
        }
        return state.apply(records);
    }

    public WorkerState state() {
        return state;
    }
}
