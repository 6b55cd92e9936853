import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.vps.snapshots.ApiClient;
import org.vps.snapshots.ApiException;
import org.vps.snapshots.api.SnapshotsApi;
import org.vps.snapshots.model.Error;
import org.vps.snapshots.model.SnapshotCreateRequest;
import org.vps.snapshots.model.SnapshotCreated;
import org.vps.snapshots.model.SnapshotList;
import org.vps.snapshots.sdk.APIConnectionError;
import org.vps.snapshots.sdk.APIStatusError;
import org.vps.snapshots.sdk.APITimeoutError;
import org.vps.snapshots.sdk.MalformedResponseError;
import org.vps.snapshots.sdk.SnapshotFailedError;
import org.vps.snapshots.sdk.SnapshotGoneError;
import org.vps.snapshots.sdk.SnapshotsClient;
import org.vps.snapshots.sdk.SnapshotsError;
import org.vps.snapshots.sdk.UndocumentedStatusError;
import org.vps.snapshots.sdk.WaitDeadlineError;
import org.vps.snapshots.sdk.WaitOptions;

/**
 * The shared scenario's Java program: the generated client walks the steps in args[0] against
 * $SNAPSHOTS_MOCK_URL and prints one JSON line per step (tests/scenario/steps.py says what they
 * hold). The steps marked "layer" go through the package's SnapshotsClient instead.
 * tests/bindings/builds.py compiles it with javac -Xlint:all -Werror.
 */
public final class Scenario {
    private static final HttpClient ADMIN =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Scenario() {}

    /** One request to the mock's misbehaviour rules; the answer's body. */
    private static String admin(String baseUrl, String method, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/_mock/misbehaviour"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> answer = ADMIN.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(method + " /_mock/misbehaviour: " + answer.statusCode());
        }
        return answer.body();
    }

    /** The neutral name of the layer's error, the most specific first. */
    private static String kind(SnapshotsError error) {
        if (error instanceof MalformedResponseError) {
            return "malformed_response";
        } else if (error instanceof UndocumentedStatusError) {
            return "undocumented_status";
        } else if (error instanceof APIStatusError) {
            return "status";
        } else if (error instanceof APITimeoutError) {
            return "timeout";
        } else if (error instanceof APIConnectionError) {
            return "connection";
        } else if (error instanceof SnapshotFailedError) {
            return "snapshot_failed";
        } else if (error instanceof SnapshotGoneError) {
            return "snapshot_gone";
        } else if (error instanceof WaitDeadlineError) {
            return "wait_deadline";
        }
        return "other " + error.getClass().getName();
    }

    private static ObjectNode runLayer(JsonNode step, Map<String, Long> saved, String baseUrl,
            ObjectMapper mapper) throws Exception {
        ObjectNode outcome = mapper.createObjectNode();
        outcome.put("id", step.get("id").asText());
        outcome.put("error", "none");
        long snapshotId = step.has("snapshot")
                ? saved.get(step.get("snapshot").asText())
                : step.path("snapshot_id").asLong(0);
        if (step.has("arm")) {
            admin(baseUrl, "POST", mapper.writeValueAsString(step.get("arm")));
        }
        SnapshotsClient client = SnapshotsClient.builder()
                .token(step.get("token").asText())
                .baseUrl(baseUrl)
                .build();
        try {
            switch (step.get("call").asText()) {
                case "listSnapshots":
                    outcome.put("count",
                            client.listSnapshots(step.get("server_id").asLong()).getResults().size());
                    break;
                case "createSnapshot": {
                    SnapshotCreated created = client.createSnapshot(new SnapshotCreateRequest()
                            .serverId(step.get("server_id").asLong())
                            .name(step.get("name").asText()));
                    if (step.has("save")) {
                        saved.put(step.get("save").asText(), created.getId());
                    }
                    break;
                }
                case "deleteSnapshot":
                    client.deleteSnapshot(snapshotId);
                    break;
                case "waitForSnapshot":
                    outcome.put("state", client.waitForSnapshot(snapshotId,
                            WaitOptions.defaults().withServerId(step.get("server_id").asLong()))
                            .getStatus().getValue());
                    break;
                default:
                    throw new IllegalArgumentException("unknown call " + step.get("call"));
            }
        } catch (SnapshotsError error) {
            outcome.put("error", kind(error));
            if (error instanceof APIStatusError) {
                APIStatusError status = (APIStatusError) error;
                outcome.put("status", status.getStatus());
                outcome.put("code", status.getCode());
            }
        }
        if (step.has("arm")) {
            outcome.put("rules", admin(baseUrl, "GET", null));
            admin(baseUrl, "DELETE", null);
        }
        return outcome;
    }

    private static ObjectNode run(JsonNode step, Map<String, Long> saved, String baseUrl)
            throws Exception {
        ApiClient client = new ApiClient();
        // HTTP/1.1, as the README's example: the mock (uvicorn) drops the body of a request
        // that asks for an h2c upgrade, which HttpClient does over plain http:// by default.
        client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
        client.updateBaseUri(baseUrl);
        String token = step.get("token").asText();
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        SnapshotsApi api = new SnapshotsApi(client);
        ObjectMapper mapper = client.getObjectMapper();
        long snapshotId = step.has("snapshot")
                ? saved.get(step.get("snapshot").asText())
                : step.path("snapshot_id").asLong(0);
        ObjectNode outcome = mapper.createObjectNode();
        outcome.put("id", step.get("id").asText());
        outcome.putNull("code");
        outcome.putNull("count");
        try {
            switch (step.get("call").asText()) {
                case "listSnapshots": {
                    SnapshotList listed = api.listSnapshots(step.get("server_id").asLong());
                    outcome.put("status", 200);
                    outcome.put("count", listed.getResults().size());
                    break;
                }
                case "createSnapshot": {
                    SnapshotCreateRequest request = new SnapshotCreateRequest()
                            .serverId(step.get("server_id").asLong())
                            .name(step.get("name").asText());
                    SnapshotCreated created = api.createSnapshot(request);
                    outcome.put("status", 201);
                    if (step.has("save")) {
                        saved.put(step.get("save").asText(), created.getId());
                    }
                    break;
                }
                case "restoreSnapshot":
                    api.restoreSnapshot(snapshotId);
                    outcome.put("status", 200);
                    break;
                case "deleteSnapshot":
                    api.deleteSnapshot(snapshotId);
                    outcome.put("status", 204);
                    break;
                default:
                    throw new IllegalArgumentException("unknown call " + step.get("call"));
            }
        } catch (ApiException refused) {
            // Every documented error status has the Error body.
            Error error = mapper.readValue(refused.getResponseBody(), Error.class);
            outcome.put("status", refused.getCode());
            outcome.put("code", error.getError().getCode().getValue());
        }
        return outcome;
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode steps = mapper.readTree(new File(args[0])).get("steps");
        Map<String, Long> saved = new HashMap<>();
        String baseUrl = System.getenv("SNAPSHOTS_MOCK_URL");
        for (JsonNode step : steps) {
            ObjectNode outcome = step.path("layer").asBoolean(false)
                    ? runLayer(step, saved, baseUrl, mapper)
                    : run(step, saved, baseUrl);
            System.out.println(mapper.writeValueAsString(outcome));
        }
    }
}
