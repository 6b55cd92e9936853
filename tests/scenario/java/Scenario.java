import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import org.vps.snapshots.ApiClient;
import org.vps.snapshots.ApiException;
import org.vps.snapshots.api.SnapshotsApi;
import org.vps.snapshots.model.Error;
import org.vps.snapshots.model.SnapshotCreateRequest;
import org.vps.snapshots.model.SnapshotCreated;
import org.vps.snapshots.model.SnapshotList;

/**
 * The shared scenario's Java program: the generated client walks the steps in args[0] against
 * $SNAPSHOTS_MOCK_URL and prints one JSON line per step (tests/scenario/steps.py says what they
 * hold). tests/bindings/builds.py compiles it with javac -Xlint:all -Werror.
 */
public final class Scenario {
    private Scenario() {}

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
            System.out.println(mapper.writeValueAsString(run(step, saved, baseUrl)));
        }
    }
}
