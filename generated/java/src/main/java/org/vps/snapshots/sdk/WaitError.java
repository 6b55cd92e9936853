package org.vps.snapshots.sdk;

import java.util.Optional;
import org.vps.snapshots.model.Snapshot;

/** waitForSnapshot ended without a completed snapshot. */
public class WaitError extends SnapshotsError {
    private static final long serialVersionUID = 1L;
    private final long snapshotId;
    private final transient Snapshot snapshot;

    public WaitError(String message, long snapshotId, Snapshot snapshot) {
        super(message);
        this.snapshotId = snapshotId;
        this.snapshot = snapshot;
    }

    public long getSnapshotId() {
        return snapshotId;
    }

    /** The snapshot as last listed; empty if it was never seen. */
    public Optional<Snapshot> getSnapshot() {
        return Optional.ofNullable(snapshot);
    }
}
