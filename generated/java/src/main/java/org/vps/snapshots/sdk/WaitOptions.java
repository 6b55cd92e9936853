package org.vps.snapshots.sdk;

import java.time.Duration;

/**
 * How {@link SnapshotsClient#waitForSnapshot} polls: the list of one server if given (cheaper),
 * every 2 s at first, 1.5 times longer each time up to 30 s, until a deadline of 15 minutes (a
 * snapshot takes 3 to 10). Immutable.
 */
public final class WaitOptions {
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(30);
    static final double POLL_MULTIPLIER = 1.5;
    private static final WaitOptions NONE =
            new WaitOptions(null, DEFAULT_DEADLINE, DEFAULT_POLL_INTERVAL);

    private final Long serverId;
    private final Duration deadline;
    private final Duration pollInterval;

    private WaitOptions(Long serverId, Duration deadline, Duration pollInterval) {
        this.serverId = serverId;
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    public static WaitOptions defaults() {
        return NONE;
    }

    /** Poll the list of this server only (the snapshot's server). */
    public WaitOptions withServerId(long value) {
        return new WaitOptions(value, deadline, pollInterval);
    }

    /** Give up after this long (WaitDeadlineError). */
    public WaitOptions withDeadline(Duration value) {
        return new WaitOptions(serverId, value, pollInterval);
    }

    /** The first wait between polls. */
    public WaitOptions withPollInterval(Duration value) {
        return new WaitOptions(serverId, deadline, value);
    }

    Long serverId() {
        return serverId;
    }

    Duration deadline() {
        return deadline;
    }

    Duration pollInterval() {
        return pollInterval;
    }
}
