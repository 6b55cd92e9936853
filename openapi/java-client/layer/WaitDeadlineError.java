package org.vps.snapshots.sdk;

import org.vps.snapshots.model.Snapshot;

/** The deadline passed while the snapshot was still {@code in_progress}; it may yet complete. */
public class WaitDeadlineError extends WaitError {
    private static final long serialVersionUID = 1L;

    public WaitDeadlineError(String message, long snapshotId, Snapshot snapshot) {
        super(message, snapshotId, snapshot);
    }
}
