package org.vps.snapshots.sdk;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.model.ErrorCode;
import org.vps.snapshots.model.ErrorDetail;

/**
 * The API answered with a failure. {@link #getCode()} is a string, never narrowed to the
 * generated {@link ErrorCode}: a code this version of the client does not know (the document's
 * list may grow) is kept as it came; {@link #getErrorCode()} is the ErrorCode when known. The
 * code is null only for a {@link MalformedResponseError}.
 */
public class APIStatusError extends SnapshotsError {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String apiMessage;
    private final transient List<ErrorDetail> details;
    private final transient HttpHeaders headers;
    private final String body;
    private final String method;
    private final String url;

    public APIStatusError(int status, String code, String apiMessage, List<ErrorDetail> details,
            HttpHeaders headers, String body, String method, String url) {
        super(method + " " + url + " answered " + status
                + (code == null ? "" : " " + code + ": " + apiMessage));
        this.status = status;
        this.code = code;
        this.apiMessage = apiMessage;
        this.details = List.copyOf(details);
        this.headers = headers;
        this.body = body;
        this.method = method;
        this.url = url;
    }

    /** The HTTP status. */
    public int getStatus() {
        return status;
    }

    /** The API's error code as it came (null for a malformed answer). */
    public String getCode() {
        return code;
    }

    /** The code as the document's ErrorCode, or empty for a code this client does not know. */
    public Optional<ErrorCode> getErrorCode() {
        if (code == null || !Documented.ERROR_CODES.contains(code)) {
            return Optional.empty();
        }
        return Optional.of(ErrorCode.fromValue(code));
    }

    /** The API's message, for people (empty for a malformed answer). */
    public String getApiMessage() {
        return apiMessage;
    }

    /** The fields the API refused, if it named any. */
    public List<ErrorDetail> getDetails() {
        return details;
    }

    /** The answer's headers. */
    public HttpHeaders getHeaders() {
        return headers;
    }

    /** The API documents no request id; one a proxy or gateway adds (X-Request-Id) is kept. */
    public Optional<String> getRequestId() {
        return headers.firstValue("X-Request-Id");
    }

    /** The answer's body as it came. */
    public String getBody() {
        return body;
    }

    public String getMethod() {
        return method;
    }

    public String getUrl() {
        return url;
    }
}
