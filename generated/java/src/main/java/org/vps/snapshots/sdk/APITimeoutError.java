package org.vps.snapshots.sdk;

/**
 * No answer came within the timeout (the client's or the call's), or within what was left of the
 * call's total timeout.
 */
public class APITimeoutError extends APIConnectionError {
    private static final long serialVersionUID = 1L;

    public APITimeoutError(String message, String method, String url, Throwable cause) {
        super(message, method, url, cause);
    }
}
