package org.vps.snapshots.sdk;

import java.net.http.HttpHeaders;
import java.util.List;
import org.vps.snapshots.model.ErrorDetail;

/** The answer's status is not one the document lists for this call (429, 500, 502...). */
public class UndocumentedStatusError extends APIStatusError {
    private static final long serialVersionUID = 1L;

    public UndocumentedStatusError(int status, String code, String apiMessage, List<ErrorDetail> details,
            HttpHeaders headers, String body, String method, String url) {
        super(status, code, apiMessage, details, headers, body, method, url);
    }
}
