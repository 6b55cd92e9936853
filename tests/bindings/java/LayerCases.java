// The Java client's hand-written layer (org.vps.snapshots.sdk) over real HTTP against a mock
// started with --misbehaviour (at $SNAPSHOTS_MOCK_URL, snapshots taking about a second): each
// case arms the mock, calls the client, and prints one JSON line of what happened, which
// tests/bindings/test_java_layer.py compares with what the layer promises. It decides nothing.
//
// Arguments: the account's token, the other account's token, a server of the account, and the
// other account's server whose snapshots end `failed`, and a snapshot of the other account
// (snapshots_mock/seed_facts.py).

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.vps.snapshots.model.Snapshot;
import org.vps.snapshots.model.SnapshotCreateRequest;
import org.vps.snapshots.sdk.APIConnectionError;
import org.vps.snapshots.sdk.APIStatusError;
import org.vps.snapshots.sdk.CallOptions;
import org.vps.snapshots.sdk.RetryPolicy;
import org.vps.snapshots.sdk.SnapshotsClient;
import org.vps.snapshots.sdk.WaitError;
import org.vps.snapshots.sdk.WaitOptions;

public final class LayerCases {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient ADMIN =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String URL = System.getenv("SNAPSHOTS_MOCK_URL");
    private static final RetryPolicy FAST =
            RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(10), 2.0, Duration.ofMillis(50));
    private static final WaitOptions QUICK = WaitOptions.defaults()
            .withPollInterval(Duration.ofMillis(100)).withDeadline(Duration.ofSeconds(30));

    private LayerCases() {}

    /** Counts the layer's DEBUG lines about retries. */
    static final class RetryLog implements System.Logger {
        final AtomicInteger retries = new AtomicInteger();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (level == Level.DEBUG && message.startsWith("retrying ")) {
                retries.incrementAndGet();
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, format, (Throwable) null);
        }
    }

    static JsonNode admin(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + "/_mock/misbehaviour"))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        String answer = ADMIN.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        return answer.isEmpty() ? null : JSON.readTree(answer);
    }

    static void arm(String rule) throws Exception {
        admin("POST", rule);
    }

    /** How many armed requests are left, then every rule disarmed. */
    static int leftAndDisarm() throws Exception {
        int left = 0;
        for (JsonNode rule : admin("GET", null)) {
            left += rule.path("times").asInt();
        }
        admin("DELETE", null);
        return left;
    }

    interface Case {
        void run(Map<String, Object> out) throws Exception;
    }

    static void report(String name, RetryLog log, Case body) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", name);
        try {
            body.run(out);
            out.put("outcome", "ok");
        } catch (APIStatusError error) {
            out.put("outcome", error.getClass().getSimpleName());
            out.put("status", error.getStatus());
            out.put("code", error.getCode());
            out.put("known_code", error.getErrorCode().map(Object::toString).orElse(null));
            out.put("request_id", error.getRequestId().orElse(null));
            out.put("body_kept", !error.getBody().isEmpty());
        } catch (APIConnectionError error) {
            out.put("outcome", error.getClass().getSimpleName());
            out.put("total", error.getMessage().contains("the call's total timeout"));
        } catch (WaitError error) {
            out.put("outcome", error.getClass().getSimpleName());
            out.put("last_status", error.getSnapshot()
                    .map(snapshot -> snapshot.getStatus().getValue()).orElse(null));
        } catch (CancellationException cancelled) {
            out.put("outcome", "CancellationException");
        }
        if (log != null) {
            out.put("retries", log.retries.get());
        }
        out.put("left", leftAndDisarm());
        System.out.println(JSON.writeValueAsString(out));
    }

    static SnapshotsClient client(String token, RetryLog log, Duration timeout) {
        return SnapshotsClient.builder().baseUrl(URL).token(token).retry(FAST).logger(log)
                .timeout(timeout).build();
    }

    static SnapshotCreateRequest snapshot(long server, String name) {
        return new SnapshotCreateRequest().serverId(server).name(name);
    }

    public static void main(String[] args) throws Exception {
        String token = args[0];
        String otherToken = args[1];
        long server = Long.parseLong(args[2]);
        long flakyServer = Long.parseLong(args[3]);
        long othersSnapshot = Long.parseLong(args[4]);
        String list = "\"method\": \"GET\", \"path\": \"/api/v1/snapshots/\"";

        report("defaults", null, out -> {
            out.put("connect_timeout_seconds", SnapshotsClient.DEFAULT_CONNECT_TIMEOUT.toMillis() / 1000.0);
            out.put("timeout_seconds", SnapshotsClient.DEFAULT_TIMEOUT.toMillis() / 1000.0);
            out.put("total_timeout_seconds", SnapshotsClient.DEFAULT_TOTAL_TIMEOUT.toMillis() / 1000.0);
            out.put("max_retries", RetryPolicy.DEFAULT.getMaxRetries());
        });
        RetryLog total1 = new RetryLog();
        report("no answer, ended at the call's total timeout", total1, out -> {
            arm("{" + list + ", \"answer\": \"no_answer\", \"delay\": 5, \"times\": 10}");
            SnapshotsClient.builder().baseUrl(URL).token(token).retry(FAST).logger(total1)
                    .timeout(Duration.ofMillis(500)).totalTimeout(Duration.ofMillis(1200)).build()
                    .listSnapshots(server);
        });
        RetryLog total2 = new RetryLog();
        report("no answer, a per-call total timeout", total2, out -> {
            arm("{" + list + ", \"answer\": \"no_answer\", \"delay\": 5, \"times\": 10}");
            client(token, total2, Duration.ofMillis(500)).listSnapshots(server,
                    CallOptions.defaults().withTotalTimeout(Duration.ofMillis(300)));
        });
        RetryLog total3 = new RetryLog();
        report("a Retry-After past the call's total timeout", total3, out -> {
            arm("{" + list + ", \"answer\": \"rate_limited\", \"retry_after\": 2, \"times\": 2}");
            SnapshotsClient.builder().baseUrl(URL).token(token).retry(FAST).logger(total3)
                    .totalTimeout(Duration.ofSeconds(1)).build().listSnapshots(server);
        });
        report("an answer whose body stalls", null, out -> {
            // Headers at once, then a few bytes of the body and nothing for 30 s: the attempt's
            // own timeout (to the headers) has passed; the call's total timeout must end it.
            try (ServerSocket stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Thread stall = new Thread(() -> {
                    try (Socket socket = stalling.accept()) {
                        socket.getInputStream().read(new byte[8192]);
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                                + "{\"count\"").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        Thread.sleep(30_000);
                    } catch (Exception ended) {
                        // the client closed the connection, or the test is over
                    }
                });
                stall.setDaemon(true);
                stall.start();
                SnapshotsClient.builder().baseUrl("http://127.0.0.1:" + stalling.getLocalPort())
                        .token(token).retry(RetryPolicy.NO_RETRIES).timeout(Duration.ofMillis(500))
                        .totalTimeout(Duration.ofSeconds(2)).build().listSnapshots(server);
            }
        });
        RetryLog log1 = new RetryLog();
        report("429 with Retry-After is retried", log1, out -> {
            arm("{" + list + ", \"answer\": \"rate_limited\", \"retry_after\": 1}");
            long start = System.nanoTime();
            client(token, log1, SnapshotsClient.DEFAULT_TIMEOUT).listSnapshots(server);
            out.put("waited_retry_after", System.nanoTime() - start >= 1_000_000_000L);
        });
        RetryLog log2 = new RetryLog();
        report("503 is retried", log2, out -> {
            arm("{" + list + ", \"answer\": \"unavailable\", \"times\": 2}");
            client(token, log2, SnapshotsClient.DEFAULT_TIMEOUT).listSnapshots(server);
        });
        RetryLog log3 = new RetryLog();
        report("retries switched off", log3, out -> {
            arm("{" + list + ", \"answer\": \"unavailable\", \"times\": 2}");
            client(token, log3, SnapshotsClient.DEFAULT_TIMEOUT)
                    .listSnapshots(server, CallOptions.defaults().withRetry(RetryPolicy.NO_RETRIES));
        });
        RetryLog log4 = new RetryLog();
        report("a create is never sent twice", log4, out -> {
            arm("{\"method\": \"POST\", \"path\": \"/api/v1/snapshots/\", "
                    + "\"answer\": \"unavailable\", \"times\": 2}");
            client(token, log4, SnapshotsClient.DEFAULT_TIMEOUT)
                    .createSnapshot(snapshot(server, "never-twice"));
        });
        report("an HTML 502", null, out -> {
            arm("{" + list + ", \"answer\": \"html\"}");
            client(token, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT).listSnapshots(server);
        });
        report("an unknown error code", null, out -> {
            arm("{" + list + ", \"answer\": \"unknown_code\", \"status\": 400}");
            client(token, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT).listSnapshots(server);
        });
        report("another account's snapshot: a documented error", null, out -> {
            client(token, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT)
                    .deleteSnapshot(othersSnapshot);
        });
        report("a slow answer past the call's timeout", null, out -> {
            arm("{" + list + ", \"answer\": \"slow\", \"delay\": 3}");
            client(token, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT).listSnapshots(server,
                    CallOptions.defaults().withTimeout(Duration.ofMillis(500))
                            .withRetry(RetryPolicy.NO_RETRIES));
        });
        RetryLog log5 = new RetryLog();
        report("a timeout is retried", log5, out -> {
            arm("{" + list + ", \"answer\": \"slow\", \"delay\": 2}");
            client(token, log5, Duration.ofMillis(500)).listSnapshots(server);
        });
        report("no answer past the client's timeout", null, out -> {
            arm("{" + list + ", \"answer\": \"no_answer\", \"delay\": 5}");
            SnapshotsClient.builder().baseUrl(URL).token(token).timeout(Duration.ofMillis(500))
                    .retry(RetryPolicy.NO_RETRIES).build().listSnapshots(server);
        });
        report("a closed port", null, out -> {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            SnapshotsClient.builder().baseUrl("http://127.0.0.1:" + port).token(token)
                    .retry(FAST).build().listSnapshots(server);
        });

        SnapshotsClient api = client(token, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT);
        report("wait: completed", null, out -> {
            long id = api.createSnapshot(snapshot(server, "waited-for")).getId();
            Snapshot done = api.waitForSnapshot(id, QUICK.withServerId(server));
            out.put("status", done.getStatus().getValue());
            out.put("same_id", done.getId() == id);
            api.deleteSnapshot(id);
        });
        report("wait: failed", null, out -> {
            SnapshotsClient other = client(otherToken, new RetryLog(), SnapshotsClient.DEFAULT_TIMEOUT);
            long id = other.createSnapshot(snapshot(flakyServer, "doomed")).getId();
            other.waitForSnapshot(id, QUICK);
        });
        report("wait: gone", null, out -> {
            long id = api.createSnapshot(snapshot(server, "deleted-meanwhile")).getId();
            Thread deleter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException interrupted) {
                    return;
                }
                api.deleteSnapshot(id);
            });
            deleter.start();
            try {
                api.waitForSnapshot(id, QUICK.withServerId(server));
            } finally {
                deleter.join();
            }
        });
        report("wait: deadline", null, out -> {
            long id = api.createSnapshot(snapshot(server, "too-slow")).getId();
            try {
                api.waitForSnapshot(id, QUICK.withServerId(server).withDeadline(Duration.ofMillis(300)));
            } finally {
                api.deleteSnapshot(id);
            }
        });
        report("wait: cancelled", null, out -> {
            long id = api.createSnapshot(snapshot(server, "cancelled")).getId();
            AtomicReference<RuntimeException> thrown = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    api.waitForSnapshot(id, QUICK.withServerId(server));
                } catch (RuntimeException error) {
                    thrown.set(error);
                }
            });
            waiter.start();
            Thread.sleep(300);
            waiter.interrupt();
            waiter.join();
            api.deleteSnapshot(id);
            if (thrown.get() != null) {
                throw thrown.get();
            }
        });
    }
}
