// Hand-written layer of the Java client (copied into org/vps/snapshots/sdk/ at each
// regeneration): SnapshotsClient, the generated SnapshotsApi with typed unchecked exceptions,
// timeouts, retries and waiting. Written by hand: openapi-generator's `native` client has no
// retries, and the rule of what may be repeated is this API's (a create or a restore that may
// have reached the server is never sent again).
package org.vps.snapshots.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vps.snapshots.ApiClient;
import org.vps.snapshots.ApiException;
import org.vps.snapshots.ApiResponse;
import org.vps.snapshots.api.SnapshotsApi;
import org.vps.snapshots.model.ErrorDetail;
import org.vps.snapshots.model.RestoreResult;
import org.vps.snapshots.model.Snapshot;
import org.vps.snapshots.model.SnapshotCreateRequest;
import org.vps.snapshots.model.SnapshotCreated;
import org.vps.snapshots.model.SnapshotList;
import org.vps.snapshots.model.SnapshotStatus;

/**
 * The API's calls, returning the success body and throwing a {@link SnapshotsError} subclass
 * for anything else. Thread-safe; make one with {@link #builder()} and share it.
 *
 * <p>A call interrupted (Thread.interrupt) throws {@link CancellationException}, with the
 * thread's interrupt flag kept set: that is how a call, its retries and a wait are cancelled.
 */
public final class SnapshotsClient {
    /** 10 s to connect. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** 30 s for each attempt of a call, from sending it to the answer's headers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * 90 s for a whole call: every attempt (its answer's body included) and every wait between
     * them. Each attempt's timeout is cut to what is left of it, and a retry whose wait would end
     * after it is not made (the last error is thrown at once): against a server that never
     * answers a default call ends after 90 s (attempts of 30 s, 30 s and what the backoffs left).
     */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(90);
    /** The document's first server. */
    public static final String DEFAULT_BASE_URL = Documented.DEFAULT_BASE_URL;

    private final SnapshotsApi api;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final Duration totalTimeout;
    private final RetryPolicy retry;
    private final System.Logger logger;
    // Each attempt runs on one of these threads while the caller waits for it up to the call's
    // total timeout, then interrupts it: HttpRequest.timeout covers only the answer's headers,
    // and an interrupt is what ends a read of the body for certain. Daemon threads, so that an
    // abandoned client never keeps the JVM alive.
    private static final ExecutorService ATTEMPTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "snapshots-client-attempt");
        thread.setDaemon(true);
        return thread;
    });
    // The generated calls take no per-call options and return no raw answer: the interceptors,
    // called on the calling thread, read this call's timeout and keep its request and answer.
    private final ThreadLocal<Attempt> current = new ThreadLocal<>();

    private static final class Attempt {
        final Duration timeout;
        final boolean cut;
        final List<Integer> documented;
        volatile String method = "?";
        volatile String url = "?";
        volatile HttpResponse<InputStream> response;

        Attempt(Duration timeout, boolean cut, List<Integer> documented) {
            this.timeout = timeout;
            this.cut = cut;
            this.documented = documented;
        }
    }

    private SnapshotsClient(Builder builder) {
        this.timeout = builder.timeout;
        this.totalTimeout = builder.totalTimeout;
        this.retry = builder.retry;
        this.logger = builder.logger;
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout));
        client.updateBaseUri(builder.baseUrl);
        String authorization = "Bearer " + builder.token;
        client.setRequestInterceptor(request -> {
            Attempt attempt = current.get();
            request.header("Authorization", authorization);
            if (attempt != null) {
                request.timeout(attempt.timeout);
                HttpRequest built = request.copy().build();
                attempt.method = built.method();
                attempt.url = built.uri().toString();
            }
        });
        client.setResponseInterceptor(response -> {
            Attempt attempt = current.get();
            if (attempt != null) {
                attempt.response = response;
            }
        });
        this.api = new SnapshotsApi(client);
        this.mapper = client.getObjectMapper();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a SnapshotsClient is made: only the token is required. */
    public static final class Builder {
        private String token;
        private String baseUrl = DEFAULT_BASE_URL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private System.Logger logger = System.getLogger("org.vps.snapshots");

        private Builder() {}

        /** The API token, sent as {@code Authorization: Bearer <token>}. */
        public Builder token(String value) {
            this.token = value;
            return this;
        }

        /** By default the production server, https://admin.vps.org. */
        public Builder baseUrl(String value) {
            this.baseUrl = value.replaceAll("/+$", "");
            return this;
        }

        /** Each attempt's timeout, to the answer's headers (DEFAULT_TIMEOUT, 30 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Each whole call's timeout, attempts and waits (DEFAULT_TOTAL_TIMEOUT, 90 s). */
        public Builder totalTimeout(Duration value) {
            this.totalTimeout = value;
            return this;
        }

        /** The timeout to connect (DEFAULT_CONNECT_TIMEOUT, 10 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Retries: RetryPolicy.DEFAULT; RetryPolicy.NO_RETRIES switches them off. */
        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        /** Where each retry is logged at DEBUG (System.getLogger("org.vps.snapshots")). */
        public Builder logger(System.Logger value) {
            this.logger = value;
            return this;
        }

        public SnapshotsClient build() {
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException("SnapshotsClient needs a token");
            }
            return new SnapshotsClient(this);
        }
    }

    /** One generated call. */
    @FunctionalInterface
    private interface Call<T> {
        ApiResponse<T> send() throws ApiException;
    }

    /** Your snapshots, newest first; only server {@code serverId}'s if it is not null. */
    public SnapshotList listSnapshots(Long serverId) {
        return listSnapshots(serverId, CallOptions.defaults());
    }

    public SnapshotList listSnapshots(Long serverId, CallOptions options) {
        return call("listSnapshots", true, options,
                () -> api.listSnapshotsWithHttpInfo(serverId, null));
    }

    /** Start a snapshot (never sent twice: a create is not retried). */
    public SnapshotCreated createSnapshot(SnapshotCreateRequest request) {
        return createSnapshot(request, CallOptions.defaults());
    }

    public SnapshotCreated createSnapshot(SnapshotCreateRequest request, CallOptions options) {
        return call("createSnapshot", false, options,
                () -> api.createSnapshotWithHttpInfo(request, null));
    }

    /** Restore a snapshot onto its server: this overwrites all its data (never retried). */
    public RestoreResult restoreSnapshot(long snapshotId) {
        return restoreSnapshot(snapshotId, CallOptions.defaults());
    }

    public RestoreResult restoreSnapshot(long snapshotId, CallOptions options) {
        return call("restoreSnapshot", false, options,
                () -> api.restoreSnapshotWithHttpInfo(snapshotId, null));
    }

    /**
     * Delete a snapshot; throws an APIStatusError ({@code snapshot_not_found}...) if it was not
     * deleted. A delete whose answer was lost is retried, and the retry may then be answered
     * 404 {@code snapshot_not_found}: the snapshot is gone either way.
     */
    public void deleteSnapshot(long snapshotId) {
        deleteSnapshot(snapshotId, CallOptions.defaults());
    }

    public void deleteSnapshot(long snapshotId, CallOptions options) {
        call("deleteSnapshot", true, options,
                () -> api.deleteSnapshotWithHttpInfo(snapshotId, null));
    }

    /**
     * Wait for snapshot {@code snapshotId} to leave {@code in_progress}; returns the completed
     * snapshot. Polls the list (of the options' server if given) with backoff. Throws
     * SnapshotFailedError if it ended {@code failed}, SnapshotGoneError if it is no longer
     * listed (deleted meanwhile), WaitDeadlineError at the deadline, CancellationException when
     * the thread is interrupted, and any error of a poll (after its retries) as it is. A restore
     * cannot be waited for: the API has no call that reads a restore's progress.
     */
    public Snapshot waitForSnapshot(long snapshotId, WaitOptions options) {
        long end = System.nanoTime() + options.deadline().toNanos();
        Duration interval = options.pollInterval();
        Snapshot last = null;
        for (;;) {
            Snapshot snapshot = null;
            for (Snapshot listed : listSnapshots(options.serverId()).getResults()) {
                if (listed.getId() != null && listed.getId() == snapshotId) {
                    snapshot = listed;
                }
            }
            if (snapshot == null) {
                throw new SnapshotGoneError(
                        "snapshot " + snapshotId + " is no longer listed", snapshotId, last);
            }
            if (snapshot.getStatus() == SnapshotStatus.FAILED) {
                throw new SnapshotFailedError(
                        "snapshot " + snapshotId + " failed", snapshotId, snapshot);
            }
            if (snapshot.getStatus() == SnapshotStatus.COMPLETED) {
                return snapshot;
            }
            last = snapshot;
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                throw new WaitDeadlineError("snapshot " + snapshotId
                        + " is still in progress at the deadline", snapshotId, snapshot);
            }
            sleep(Duration.ofNanos(Math.min(interval.toNanos(), remaining)));
            interval = Duration.ofNanos(Math.min(
                    (long) (interval.toNanos() * WaitOptions.POLL_MULTIPLIER),
                    WaitOptions.MAX_POLL_INTERVAL.toNanos()));
        }
    }

    public Snapshot waitForSnapshot(long snapshotId) {
        return waitForSnapshot(snapshotId, WaitOptions.defaults());
    }

    private <T> T call(String operationId, boolean idempotent, CallOptions options, Call<T> call) {
        RetryPolicy policy = options.retryOr(retry);
        Duration attemptTimeout = options.timeoutOr(timeout);
        Duration total = options.totalTimeoutOr(totalTimeout);
        long deadline = System.nanoTime() + total.toNanos();
        for (int retried = 0;; retried++) {
            Duration delay = null;
            String cause;
            // The attempt gets what is left of the call's total timeout if that is shorter.
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            boolean cut = left.compareTo(attemptTimeout) < 0;
            Attempt attempt = new Attempt(cut ? left : attemptTimeout, cut,
                    Documented.STATUSES.get(operationId));
            try {
                return attemptWithin(attempt, call, deadline, total);
            } catch (APIStatusError error) {
                if (retried < policy.getMaxRetries() && idempotent
                        && policy.getStatuses().contains(error.getStatus())) {
                    Duration named = retryAfter(error.getHeaders());
                    if (named == null) {
                        delay = policy.backoff(retried);
                    } else if (named.compareTo(policy.getRetryAfterMax()) <= 0) {
                        delay = named;
                    }
                }
                if (delay == null || !startsBefore(delay, deadline)) {
                    throw error;
                }
                cause = "status " + error.getStatus();
            } catch (APIConnectionError error) {
                if (retried >= policy.getMaxRetries() || !idempotent) {
                    throw error;
                }
                delay = policy.backoff(retried);
                if (!startsBefore(delay, deadline)) {
                    throw error;
                }
                cause = error instanceof APITimeoutError ? "a timeout" : "a connection error";
            }
            logger.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT,
                    "retrying %s %s after %s (retry %d of %d) in %.2f s", attempt.method,
                    attempt.url, cause, retried + 1, policy.getMaxRetries(),
                    delay.toMillis() / 1000.0));
            sleep(delay);
        }
    }

    /** Whether a retry after {@code delay} would start before the call's total timeout ends. */
    private static boolean startsBefore(Duration delay, long deadline) {
        return System.nanoTime() + delay.toNanos() < deadline;
    }

    /** {@code attempt}, on its own thread, interrupted if the call's total timeout passes. */
    private <T> T attemptWithin(Attempt attempt, Call<T> call, long deadline, Duration total) {
        Future<T> running = ATTEMPTS.submit(() -> attempt(attempt, call));
        try {
            return running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            running.cancel(true);
            throw new APITimeoutError(attempt.method + " " + attempt.url
                    + ": no answer within the call's total timeout of " + total,
                    attempt.method, attempt.url, late);
        } catch (InterruptedException interrupted) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    attempt.method + " " + attempt.url + " interrupted");
            cancelled.initCause(interrupted);
            throw cancelled;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private <T> T attempt(Attempt attempt, Call<T> call) {
        current.set(attempt);
        ApiResponse<T> response;
        try {
            response = call.send();
        } catch (ApiException failure) {
            throw translate(attempt, failure);
        } finally {
            current.remove();
        }
        if (!attempt.documented.contains(response.getStatusCode())) {
            throw new UndocumentedStatusError(response.getStatusCode(), null, "", List.of(),
                    headersOf(attempt), "", attempt.method, attempt.url);
        }
        return response.getData();
    }

    private static HttpHeaders headersOf(Attempt attempt) {
        return attempt.response == null
                ? HttpHeaders.of(Map.of(), (name, value) -> true)
                : attempt.response.headers();
    }

    private RuntimeException translate(Attempt attempt, ApiException failure) {
        Throwable cause = failure.getCause();
        if (cause instanceof InterruptedException) {
            CancellationException cancelled = new CancellationException(
                    attempt.method + " " + attempt.url + " interrupted");
            cancelled.initCause(cause);
            return cancelled;
        }
        if (failure.getCode() == 0 && cause instanceof JsonProcessingException
                && attempt.response != null) {
            // A success status whose body the generated parser could not read.
            return new MalformedResponseError(attempt.response.statusCode(), null, "", List.of(),
                    attempt.response.headers(), "", attempt.method, attempt.url);
        }
        if (failure.getCode() == 0) {
            String what = attempt.method + " " + attempt.url;
            if (cause instanceof HttpTimeoutException) {
                String within = attempt.cut ? "the call's total timeout (the last "
                        + attempt.timeout + " of it)" : attempt.timeout.toString();
                return new APITimeoutError(what + ": no answer within " + within,
                        attempt.method, attempt.url, cause);
            }
            return new APIConnectionError(what + ": " + cause, attempt.method, attempt.url,
                    cause == null ? failure : cause);
        }
        return statusError(attempt, failure);
    }

    private APIStatusError statusError(Attempt attempt, ApiException failure) {
        int status = failure.getCode();
        HttpHeaders headers = failure.getResponseHeaders() == null
                ? headersOf(attempt) : failure.getResponseHeaders();
        String body = failure.getResponseBody() == null ? "" : failure.getResponseBody();
        boolean isDocumented = attempt.documented.contains(status);
        JsonNode error;
        try {
            error = mapper.readTree(body).path("error");
        } catch (IOException notJson) {
            error = null;
        }
        if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual()
                || !(error.path("details").isMissingNode() || error.path("details").isArray())) {
            return new MalformedResponseError(status, null, "", List.of(), headers, body,
                    attempt.method, attempt.url);
        }
        List<ErrorDetail> details = new ArrayList<>();
        for (JsonNode detail : error.path("details")) {
            if (!detail.path("field").isTextual() || !detail.path("message").isTextual()) {
                return new MalformedResponseError(status, null, "", List.of(), headers, body,
                        attempt.method, attempt.url);
            }
            details.add(new ErrorDetail().field(detail.path("field").asText())
                    .message(detail.path("message").asText()));
        }
        String code = error.path("code").asText();
        String message = error.path("message").asText();
        return isDocumented
                ? new APIStatusError(status, code, message, details, headers, body,
                        attempt.method, attempt.url)
                : new UndocumentedStatusError(status, code, message, details, headers, body,
                        attempt.method, attempt.url);
    }

    /** A Retry-After header's wait (delay-seconds or an HTTP date), or null if none is valid. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").map(String::trim).orElse(null);
        if (value == null) {
            return null;
        }
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(Instant.now(), when);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException invalid) {
            return null;
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted");
            cancelled.initCause(interrupted);
            throw cancelled;
        }
    }
}
