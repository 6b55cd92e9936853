/*
 * VPS.org Snapshots API
 * Snapshots capture the full state of your server.  Use this API to list, create, restore and delete the snapshots of your VPS.org servers: take one before a risky change (an update, a configuration change) and restore it if the change goes wrong. The sections below give the rules every call follows; each operation then gives its parameters, answers, errors and samples.  ## Authentication  Every call sends `Authorization: Bearer <token>`. A missing, malformed or unknown token is answered `401` with the error code `unauthorized`, before anything else about the request is looked at but its path and method: a path the API does not have (`404 not_found`) and a method a path does not support (`405 method_not_allowed`) are answered whatever the token, since the paths are public. A token belongs to one account; an account owns servers, and sees and touches only the snapshots of its own servers. Another account's snapshot is answered exactly as one that never existed (`404 snapshot_not_found`), and another account's server exactly as an unknown server (`404 server_not_found`), so nothing about other accounts can be learned, with one exception: snapshot ids come from one counter shared by all accounts, so the gap between two ids of yours counts the snapshots anyone created in between (ids are unique and never reused; nothing else is promised of them). A request with more than one `Authorization` header is answered `401 unauthorized`.  ## Requests  Every path ends in `/`; the same path without it is answered `404 not_found` (there is no redirect). Request bodies are JSON (`Content-Type: application/json`, at most 16 KiB: a larger body is answered `413 payload_too_large` and the connection is closed, so that a client stops sending it). Sending `Content-Type: application/json` on a call without a body (as the examples do for `GET`, `DELETE` and restore) is allowed, and a body sent to one of those calls is ignored. Unknown fields in a request body are refused (`400 invalid_parameters`) so that a misspelt field is never silently dropped. Identifiers are integers from 1 to 9007199254740991 (2^53 - 1, the largest integer a JavaScript number holds exactly); a value outside that range, or a path identifier that is not an integer, is answered `400 invalid_parameters`. A method a path does not support (`HEAD` and `OPTIONS` included) is answered `405 method_not_allowed` with an `Allow` header.  After the token, the parameters are checked, then the body (its media type `415`, its size `413`, then the JSON and its schema `400`), then the operation's own rules. A body that is not UTF-8, not JSON, repeats a field, holds `NaN`, `Infinity` or a lone surrogate (`\\ud800`), is `400 invalid_parameters` naming `body` or the field. A query parameter an operation does not define is ignored; one it defines, given twice, is `400 invalid_parameters`. A request that is not valid HTTP at all (a byte that is not ASCII in its request line, say) is `400 invalid_parameters` too. A body whose arrays and objects nest more than 32 levels deep is `400 invalid_parameters` naming `body`. An encoded slash (`%2F`) in a path is part of a segment, not a separator: `/api/v1/snapshots/798%2Frestore/` is the path of a snapshot `798/restore`, not the restore of 798 (a `POST` there is a `405`, a `DELETE` a `400`).  ## Limits of a connection  The request line and headers together may hold 16 KiB; more is answered `431 request_header_fields_too_large`. A request's headers must arrive within 10 seconds of its first byte, and its body within 10 seconds of its headers; a slower request is answered `408 request_timeout`. An idle connection is closed after 5 seconds without a word. All three answers close the connection. When the service cannot serve a request for a moment (its database is unreachable, or it has too many open connections) the answer is `503 service_unavailable` with a `Retry-After` header in seconds: nothing was done, and the same request may be sent again after that time. These limits are those of the reference deployment and of the mock server; a deployment may set others.  The trailer fields of a chunked request (those after its body) are ignored: a token or a `Content-Type` sent there counts for nothing, and their bytes count toward the 16 KiB of the request line and headers (`431`). An HTTP/1.1 request without a `Host` header, or any request with more than one, is answered `400 invalid_parameters` (RFC 9112 §3.2), and the connection is closed.  ## Errors  Every error (every `4xx` and the `503`) has the same body, `{\"error\": {\"code\", \"message\", \"details\"}}`. `code` is a stable, machine-readable value from a closed list (`ErrorCode`; the reference explains each code and what to do under \"Error codes\"); `message` is for people and may change; `details` lists the offending fields of an `invalid_parameters` error. A request that fails changes nothing that is stored.  ## Limits and lifecycle  A server holds at most **5 snapshots**. Every snapshot counts toward the limit whatever its status (`in_progress`, `completed` or `failed`) until it is deleted; the 6th create is answered `400 snapshot_limit_reached` and stores nothing. A new snapshot is `in_progress` with `size_mb: null`; creating one takes 3-10 minutes, after which it is `completed` with its size, or `failed` (`size_mb` stays `null`). Creating a snapshot while the server is running may result in filesystem inconsistencies: for best results, stop the server before creating a snapshot.  Restoring overwrites all current data on the server and cannot be undone. The server is stopped automatically before restoration begins, is `restoring` for 5-15 minutes, and is then `running` again.  ## Pagination and rate limits  The list is not paginated: with at most 5 snapshots per server it is bounded by the number of servers in the account, and `count` always equals the number of `results`. This version of the API documents no rate limit.  ## Snapshots versus backups  | | Snapshots API | Backups API | |---|---|---| | Purpose | Quick point-in-time recovery | Long-term data protection | | Speed | Faster to create and restore (3-15 min) | Slower to create and restore (varies) | | Use case | Before risky operations (updates, config changes) | Regular automated data protection | | Storage | Stored on same infrastructure | Separate backup storage | | Limit | 5 snapshots per server | 10 manual + automatic backups | | Best suited for | Short-term rollback capability | Disaster recovery and compliance | 
 *
 * The version of the OpenAPI document: 2.0.1
 * 
 *
 * NOTE: This class is auto generated by OpenAPI Generator (https://openapi-generator.tech).
 * https://openapi-generator.tech
 * Do not edit the class manually.
 */


package org.vps.snapshots;

import java.util.List;
import java.util.Map;

/**
 * API response returned by API call.
 *
 * @param <T> The type of data that is deserialized from response body
 */
@javax.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.26.0")
public class ApiResponse<T> {
    final private int statusCode;
    final private Map<String, List<String>> headers;
    final private T data;

    /**
     * @param statusCode The status code of HTTP response
     * @param headers The headers of HTTP response
     */
    public ApiResponse(int statusCode, Map<String, List<String>> headers) {
        this(statusCode, headers, null);
    }

    /**
     * @param statusCode The status code of HTTP response
     * @param headers The headers of HTTP response
     * @param data The object deserialized from response bod
     */
    public ApiResponse(int statusCode, Map<String, List<String>> headers, T data) {
        this.statusCode = statusCode;
        this.headers = headers;
        this.data = data;
    }

    public int getStatusCode() {
        return statusCode;
    }

    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    public T getData() {
        return data;
    }
}
