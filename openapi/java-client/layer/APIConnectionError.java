package org.vps.snapshots.sdk;

/** No answer came from the API (the request may or may not have reached it). */
public class APIConnectionError extends SnapshotsError {
    private static final long serialVersionUID = 1L;
    private final String method;
    private final String url;

    public APIConnectionError(String message, String method, String url, Throwable cause) {
        super(message, cause);
        this.method = method;
        this.url = url;
    }

    public String getMethod() {
        return method;
    }

    public String getUrl() {
        return url;
    }
}
