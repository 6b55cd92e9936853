package org.vps.snapshots.sdk;

import org.vps.snapshots.model.Snapshot;

/** The snapshot is not listed (any more): deleted meanwhile, or never yours. */
public class SnapshotGoneError extends WaitError {
    private static final long serialVersionUID = 1L;

    public SnapshotGoneError(String message, long snapshotId, Snapshot snapshot) {
        super(message, snapshotId, snapshot);
    }
}
