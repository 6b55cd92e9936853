package org.vps.snapshots.sdk;

import java.time.Duration;

/** Options of one call; each one set overrides the client's for that call alone. Immutable. */
public final class CallOptions {
    private static final CallOptions NONE = new CallOptions(null, null, null);
    private final Duration timeout;
    private final Duration totalTimeout;
    private final RetryPolicy retry;

    private CallOptions(Duration timeout, Duration totalTimeout, RetryPolicy retry) {
        this.timeout = timeout;
        this.totalTimeout = totalTimeout;
        this.retry = retry;
    }

    /** No override: the client's timeout and retries. */
    public static CallOptions defaults() {
        return NONE;
    }

    /** Each attempt's timeout for this call. */
    public CallOptions withTimeout(Duration value) {
        return new CallOptions(value, totalTimeout, retry);
    }

    /** This call's total timeout: all its attempts and the waits between them. */
    public CallOptions withTotalTimeout(Duration value) {
        return new CallOptions(timeout, value, retry);
    }

    /** This call's retries ({@link RetryPolicy#NO_RETRIES} switches them off). */
    public CallOptions withRetry(RetryPolicy value) {
        return new CallOptions(timeout, totalTimeout, value);
    }

    Duration timeoutOr(Duration fallback) {
        return timeout == null ? fallback : timeout;
    }

    Duration totalTimeoutOr(Duration fallback) {
        return totalTimeout == null ? fallback : totalTimeout;
    }

    RetryPolicy retryOr(RetryPolicy fallback) {
        return retry == null ? fallback : retry;
    }
}
