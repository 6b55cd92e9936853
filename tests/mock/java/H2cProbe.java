import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The JDK's HttpClient with its default settings (HTTP/2 preferred, so an h2c upgrade is offered
 * on http://): a create with a known length, one of unknown length (chunked), then a listing, on
 * one client. Prints one line per call: the status, the protocol version and the body.
 */
public final class H2cProbe {
    private H2cProbe() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String path = "/api/v1/snapshots/";
        HttpClient client = HttpClient.newHttpClient();
        byte[] first = args[2].getBytes(StandardCharsets.UTF_8);
        byte[] second = args[3].getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher[] bodies = {
            HttpRequest.BodyPublishers.ofByteArray(first),
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(second)),
        };
        for (HttpRequest.BodyPublisher body : bodies) {
            print(client.send(request(base + path, token).POST(body).build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        print(client.send(request(base + path, token).GET().build(),
            HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpRequest.Builder request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20));
    }

    private static void print(HttpResponse<String> response) {
        System.out.println(response.statusCode() + " " + response.version() + " " + response.body());
    }
}
