package org.vps.snapshots.sdk;

import org.vps.snapshots.model.Snapshot;

/** The snapshot ended {@code failed}: it cannot be restored; delete it and try again. */
public class SnapshotFailedError extends WaitError {
    private static final long serialVersionUID = 1L;

    public SnapshotFailedError(String message, long snapshotId, Snapshot snapshot) {
        super(message, snapshotId, snapshot);
    }
}
