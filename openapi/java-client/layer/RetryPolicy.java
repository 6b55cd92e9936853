package org.vps.snapshots.sdk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how often a call is sent again. A GET or DELETE is retried after a connection error,
 * a timeout, or one of {@link #getStatuses()} (429 and 503); a POST (create, restore) never
 * once it may have been sent. The wait before retry n (from 0) is
 * min(backoffMax, backoffInitial * multiplier^n), less up to {@code jitter} of it at random; a
 * Retry-After header replaces it, and one longer than retryAfterMax ends the retries.
 * Immutable: the {@code with...} methods return a changed copy.
 */
public final class RetryPolicy {
    /** 3 retries, 0.5 s doubling up to 8 s, 50 % jitter, Retry-After up to 60 s, 429 and 503. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), 2.0,
            Duration.ofSeconds(8), 0.5, Duration.ofSeconds(60), List.of(429, 503));
    /** A policy that never retries. */
    public static final RetryPolicy NO_RETRIES = DEFAULT.withMaxRetries(0);

    private final int maxRetries;
    private final Duration backoffInitial;
    private final double backoffMultiplier;
    private final Duration backoffMax;
    private final double jitter;
    private final Duration retryAfterMax;
    private final List<Integer> statuses;

    private RetryPolicy(int maxRetries, Duration backoffInitial, double backoffMultiplier,
            Duration backoffMax, double jitter, Duration retryAfterMax, List<Integer> statuses) {
        if (maxRetries < 0 || jitter < 0 || jitter > 1 || backoffMultiplier < 1) {
            throw new IllegalArgumentException("maxRetries >= 0, 0 <= jitter <= 1, multiplier >= 1");
        }
        this.maxRetries = maxRetries;
        this.backoffInitial = backoffInitial;
        this.backoffMultiplier = backoffMultiplier;
        this.backoffMax = backoffMax;
        this.jitter = jitter;
        this.retryAfterMax = retryAfterMax;
        this.statuses = List.copyOf(statuses);
    }

    public RetryPolicy withMaxRetries(int value) {
        return new RetryPolicy(value, backoffInitial, backoffMultiplier, backoffMax, jitter,
                retryAfterMax, statuses);
    }

    public RetryPolicy withBackoff(Duration initial, double multiplier, Duration max) {
        return new RetryPolicy(maxRetries, initial, multiplier, max, jitter, retryAfterMax,
                statuses);
    }

    public RetryPolicy withJitter(double value) {
        return new RetryPolicy(maxRetries, backoffInitial, backoffMultiplier, backoffMax, value,
                retryAfterMax, statuses);
    }

    public RetryPolicy withRetryAfterMax(Duration value) {
        return new RetryPolicy(maxRetries, backoffInitial, backoffMultiplier, backoffMax, jitter,
                value, statuses);
    }

    public RetryPolicy withStatuses(List<Integer> value) {
        return new RetryPolicy(maxRetries, backoffInitial, backoffMultiplier, backoffMax, jitter,
                retryAfterMax, value);
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public Duration getBackoffInitial() {
        return backoffInitial;
    }

    public double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public double getJitter() {
        return jitter;
    }

    public Duration getRetryAfterMax() {
        return retryAfterMax;
    }

    public List<Integer> getStatuses() {
        return statuses;
    }

    /** The wait before retry {@code retry} (from 0), jitter included. */
    Duration backoff(int retry) {
        double base = Math.min(backoffMax.toMillis(),
                backoffInitial.toMillis() * Math.pow(backoffMultiplier, retry));
        return Duration.ofMillis(Math.round(base * (1 - jitter * ThreadLocalRandom.current().nextDouble())));
    }
}
