package org.vps.snapshots.sdk;

import java.net.http.HttpHeaders;
import java.util.List;
import org.vps.snapshots.model.ErrorDetail;

/** The body is not JSON, or not the shape the document gives it (a proxy's HTML page). */
public class MalformedResponseError extends APIStatusError {
    private static final long serialVersionUID = 1L;

    public MalformedResponseError(int status, String code, String apiMessage, List<ErrorDetail> details,
            HttpHeaders headers, String body, String method, String url) {
        super(status, code, apiMessage, details, headers, body, method, url);
    }
}
