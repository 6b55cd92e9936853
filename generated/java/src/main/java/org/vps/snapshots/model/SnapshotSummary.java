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


package org.vps.snapshots.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.Objects;
import java.util.Map;
import java.util.HashMap;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.OffsetDateTime;
import java.util.Arrays;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;


import org.vps.snapshots.ApiClient;
/**
 * The snapshot a restore started from.
 */
@JsonPropertyOrder({
  SnapshotSummary.JSON_PROPERTY_ID,
  SnapshotSummary.JSON_PROPERTY_NAME,
  SnapshotSummary.JSON_PROPERTY_CREATED_AT
})
@javax.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.26.0")
public class SnapshotSummary {
  public static final String JSON_PROPERTY_ID = "id";
  @javax.annotation.Nonnull
  private Long id;

  public static final String JSON_PROPERTY_NAME = "name";
  @javax.annotation.Nonnull
  private String name;

  public static final String JSON_PROPERTY_CREATED_AT = "created_at";
  @javax.annotation.Nonnull
  private OffsetDateTime createdAt;

  public SnapshotSummary() { 
  }

  public SnapshotSummary id(@javax.annotation.Nonnull Long id) {
    this.id = id;
    return this;
  }

  /**
   * The snapshot&#39;s ID.
   * minimum: 1
   * maximum: 9007199254740991
   * @return id
   */
  @javax.annotation.Nonnull
  @JsonProperty(value = JSON_PROPERTY_ID, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public Long getId() {
    return id;
  }


  @JsonProperty(value = JSON_PROPERTY_ID, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public void setId(@javax.annotation.Nonnull Long id) {
    this.id = id;
  }


  public SnapshotSummary name(@javax.annotation.Nonnull String name) {
    this.name = name;
    return this;
  }

  /**
   * Name for the snapshot: 1 to 64 characters, each a letter (A-Z, a-z), a digit, a hyphen or an underscore. Unique per server among its current snapshots (case-sensitive). 
   * @return name
   */
  @javax.annotation.Nonnull
  @JsonProperty(value = JSON_PROPERTY_NAME, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public String getName() {
    return name;
  }


  @JsonProperty(value = JSON_PROPERTY_NAME, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public void setName(@javax.annotation.Nonnull String name) {
    this.name = name;
  }


  public SnapshotSummary createdAt(@javax.annotation.Nonnull OffsetDateTime createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /**
   * When the snapshot was requested, in UTC.
   * @return createdAt
   */
  @javax.annotation.Nonnull
  @JsonProperty(value = JSON_PROPERTY_CREATED_AT, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public OffsetDateTime getCreatedAt() {
    return createdAt;
  }


  @JsonProperty(value = JSON_PROPERTY_CREATED_AT, required = true)
  @JsonInclude(value = JsonInclude.Include.ALWAYS)
  public void setCreatedAt(@javax.annotation.Nonnull OffsetDateTime createdAt) {
    this.createdAt = createdAt;
  }


  /**
   * Return true if this SnapshotSummary object is equal to o.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    SnapshotSummary snapshotSummary = (SnapshotSummary) o;
    return Objects.equals(this.id, snapshotSummary.id) &&
        Objects.equals(this.name, snapshotSummary.name) &&
        Objects.equals(this.createdAt, snapshotSummary.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, createdAt);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("class SnapshotSummary {\n");
    sb.append("    id: ").append(toIndentedString(id)).append("\n");
    sb.append("    name: ").append(toIndentedString(name)).append("\n");
    sb.append("    createdAt: ").append(toIndentedString(createdAt)).append("\n");
    sb.append("}");
    return sb.toString();
  }

  /**
   * Convert the given object to string with each line indented by 4 spaces
   * (except the first line).
   */
  private String toIndentedString(Object o) {
    return o == null ? "null" : o.toString().replace("\n", "\n    ");
  }

  /**
   * Convert the instance into URL query string.
   *
   * @return URL query string
   */
  public String toUrlQueryString() {
    return toUrlQueryString(null);
  }

  /**
   * Convert the instance into URL query string.
   *
   * @param prefix prefix of the query string
   * @return URL query string
   */
  public String toUrlQueryString(String prefix) {
    String suffix = "";
    String containerSuffix = "";
    String containerPrefix = "";
    if (prefix == null) {
      // style=form, explode=true, e.g. /pet?name=cat&type=manx
      prefix = "";
    } else {
      // deepObject style e.g. /pet?id[name]=cat&id[type]=manx
      prefix = prefix + "[";
      suffix = "]";
      containerSuffix = "]";
      containerPrefix = "[";
    }

    StringJoiner joiner = new StringJoiner("&");

    // add `id` to the URL query string
    if (getId() != null) {
      joiner.add(String.format(java.util.Locale.ROOT, "%sid%s=%s", prefix, suffix, ApiClient.urlEncode(ApiClient.valueToString(getId()))));
    }

    // add `name` to the URL query string
    if (getName() != null) {
      joiner.add(String.format(java.util.Locale.ROOT, "%sname%s=%s", prefix, suffix, ApiClient.urlEncode(ApiClient.valueToString(getName()))));
    }

    // add `created_at` to the URL query string
    if (getCreatedAt() != null) {
      joiner.add(String.format(java.util.Locale.ROOT, "%screated_at%s=%s", prefix, suffix, ApiClient.urlEncode(ApiClient.valueToString(getCreatedAt()))));
    }

    return joiner.toString();
  }
}

