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

package org.vps.snapshots.api;

import org.vps.snapshots.ApiClient;
import org.vps.snapshots.ApiException;
import org.vps.snapshots.ApiResponse;
import org.vps.snapshots.Configuration;
import org.vps.snapshots.Pair;

import org.vps.snapshots.model.Error;
import org.vps.snapshots.model.RestoreResult;
import org.vps.snapshots.model.SnapshotCreateRequest;
import org.vps.snapshots.model.SnapshotCreated;
import org.vps.snapshots.model.SnapshotList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.ArrayList;
import java.util.StringJoiner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

@javax.annotation.Generated(value = "org.openapitools.codegen.languages.JavaClientCodegen", comments = "Generator version: 7.26.0")
public class SnapshotsApi {
  /**
   * Utility class for extending HttpRequest.Builder functionality.
   */
  private static class HttpRequestBuilderExtensions {
    /**
     * Adds additional headers to the provided HttpRequest.Builder. Useful for adding method/endpoint specific headers.
     *
     * @param builder the HttpRequest.Builder to which headers will be added
     * @param headers a map of header names and values to add; may be null
     * @return the same HttpRequest.Builder instance with the additional headers set
     */
    static HttpRequest.Builder withAdditionalHeaders(HttpRequest.Builder builder, Map<String, String> headers) {
        if (headers != null) {
            for (Map.Entry<String, String> entry : headers.entrySet()) {
                builder.header(entry.getKey(), entry.getValue());
            }
        }
        return builder;
    }
  }
  private final HttpClient memberVarHttpClient;
  private final ObjectMapper memberVarObjectMapper;
  private final String memberVarBaseUri;
  private final Consumer<HttpRequest.Builder> memberVarInterceptor;
  private final Duration memberVarReadTimeout;
  private final Consumer<HttpResponse<InputStream>> memberVarResponseInterceptor;
  private final Consumer<HttpResponse<InputStream>> memberVarAsyncResponseInterceptor;

  public SnapshotsApi() {
    this(Configuration.getDefaultApiClient());
  }

  public SnapshotsApi(ApiClient apiClient) {
    memberVarHttpClient = apiClient.getHttpClient();
    memberVarObjectMapper = apiClient.getObjectMapper();
    memberVarBaseUri = apiClient.getBaseUri();
    memberVarInterceptor = apiClient.getRequestInterceptor();
    memberVarReadTimeout = apiClient.getReadTimeout();
    memberVarResponseInterceptor = apiClient.getResponseInterceptor();
    memberVarAsyncResponseInterceptor = apiClient.getAsyncResponseInterceptor();
  }


  protected ApiException getApiException(String operationId, HttpResponse<InputStream> response) throws IOException {
    InputStream responseBody = ApiClient.getResponseBody(response);
    String body = null;
    try {
      body = responseBody == null ? null : new String(responseBody.readAllBytes());
    } finally {
      if (responseBody != null) {
        responseBody.close();
      }
    }
    String message = formatExceptionMessage(operationId, response.statusCode(), body);
    return new ApiException(response.statusCode(), message, response.headers(), body);
  }

  private String formatExceptionMessage(String operationId, int statusCode, String body) {
    if (body == null || body.isEmpty()) {
      body = "[no body]";
    }
    return operationId + " call failed with: " + statusCode + " - " + body;
  }

  /**
   * Download file from the given response.
   *
   * @param response Response
   * @return File
   * @throws ApiException If fail to read file content from response and write to disk
   */
  public File downloadFileFromResponse(HttpResponse<InputStream> response, InputStream responseBody) throws ApiException {
    if (responseBody == null) {
      throw new ApiException(new IOException("Response body is empty"));
    }
    try {
      File file = prepareDownloadFile(response);
      java.nio.file.Files.copy(responseBody, file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new ApiException(e);
    }
  }

  /**
   * <p>Prepare the file for download from the response.</p>
   *
   * @param response a {@link java.net.http.HttpResponse} object.
   * @return a {@link java.io.File} object.
   * @throws java.io.IOException if any.
   */
  private File prepareDownloadFile(HttpResponse<InputStream> response) throws IOException {
    String filename = null;
    java.util.Optional<String> contentDisposition = response.headers().firstValue("Content-Disposition");
    if (contentDisposition.isPresent() && !"".equals(contentDisposition.get())) {
      // Get filename from the Content-Disposition header.
      java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("filename=['\"]?([^'\"\\s]+)['\"]?");
      java.util.regex.Matcher matcher = pattern.matcher(contentDisposition.get());
      if (matcher.find())
        filename = matcher.group(1);
    }
    File file = null;
    if (filename != null) {
      java.nio.file.Path tempDir = java.nio.file.Files.createTempDirectory("swagger-gen-native");
      java.nio.file.Path filePath = java.nio.file.Files.createFile(tempDir.resolve(filename));
      file = filePath.toFile();
      tempDir.toFile().deleteOnExit();   // best effort cleanup
      file.deleteOnExit(); // best effort cleanup
    } else {
      file = java.nio.file.Files.createTempFile("download-", "").toFile();
      file.deleteOnExit(); // best effort cleanup
    }
    return file;
  }

  /**
   * Create snapshot
   * Create a snapshot of a server&#39;s current state. Snapshots are point-in-time copies of the entire server.  The new snapshot is &#x60;in_progress&#x60; with &#x60;size_mb: null&#x60;; it becomes &#x60;completed&#x60; (with its size) or &#x60;failed&#x60; after 3-10 minutes depending on server size.  You can have a maximum of 5 snapshots per server, whatever their status; the 6th is refused with &#x60;snapshot_limit_reached&#x60; and nothing is stored. Names are unique per server (case-sensitive) among its current snapshots: a name in use is refused with &#x60;duplicate_snapshot_name&#x60;; the name of a deleted snapshot may be used again. A server that is &#x60;restoring&#x60; or &#x60;suspended&#x60; cannot be snapshotted (&#x60;invalid_state&#x60;). When several apply, the first of &#x60;server_not_found&#x60;, &#x60;invalid_state&#x60;, &#x60;snapshot_limit_reached&#x60; and &#x60;duplicate_snapshot_name&#x60; is the answer. The id of a deleted snapshot is never given to another.  &gt; **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot &gt; while the server is running may result in filesystem inconsistencies. For best results, &gt; stop the server before creating a snapshot. 
   * @param snapshotCreateRequest  (required)
   * @return SnapshotCreated
   * @throws ApiException if fails to make API call
   */
  public SnapshotCreated createSnapshot(@javax.annotation.Nonnull SnapshotCreateRequest snapshotCreateRequest) throws ApiException {
    return createSnapshot(snapshotCreateRequest, null);
  }

  /**
   * Create snapshot
   * Create a snapshot of a server&#39;s current state. Snapshots are point-in-time copies of the entire server.  The new snapshot is &#x60;in_progress&#x60; with &#x60;size_mb: null&#x60;; it becomes &#x60;completed&#x60; (with its size) or &#x60;failed&#x60; after 3-10 minutes depending on server size.  You can have a maximum of 5 snapshots per server, whatever their status; the 6th is refused with &#x60;snapshot_limit_reached&#x60; and nothing is stored. Names are unique per server (case-sensitive) among its current snapshots: a name in use is refused with &#x60;duplicate_snapshot_name&#x60;; the name of a deleted snapshot may be used again. A server that is &#x60;restoring&#x60; or &#x60;suspended&#x60; cannot be snapshotted (&#x60;invalid_state&#x60;). When several apply, the first of &#x60;server_not_found&#x60;, &#x60;invalid_state&#x60;, &#x60;snapshot_limit_reached&#x60; and &#x60;duplicate_snapshot_name&#x60; is the answer. The id of a deleted snapshot is never given to another.  &gt; **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot &gt; while the server is running may result in filesystem inconsistencies. For best results, &gt; stop the server before creating a snapshot. 
   * @param snapshotCreateRequest  (required)
   * @param headers Optional headers to include in the request
   * @return SnapshotCreated
   * @throws ApiException if fails to make API call
   */
  public SnapshotCreated createSnapshot(@javax.annotation.Nonnull SnapshotCreateRequest snapshotCreateRequest, Map<String, String> headers) throws ApiException {
    ApiResponse<SnapshotCreated> localVarResponse = createSnapshotWithHttpInfo(snapshotCreateRequest, headers);
    return localVarResponse.getData();
  }

  /**
   * Create snapshot
   * Create a snapshot of a server&#39;s current state. Snapshots are point-in-time copies of the entire server.  The new snapshot is &#x60;in_progress&#x60; with &#x60;size_mb: null&#x60;; it becomes &#x60;completed&#x60; (with its size) or &#x60;failed&#x60; after 3-10 minutes depending on server size.  You can have a maximum of 5 snapshots per server, whatever their status; the 6th is refused with &#x60;snapshot_limit_reached&#x60; and nothing is stored. Names are unique per server (case-sensitive) among its current snapshots: a name in use is refused with &#x60;duplicate_snapshot_name&#x60;; the name of a deleted snapshot may be used again. A server that is &#x60;restoring&#x60; or &#x60;suspended&#x60; cannot be snapshotted (&#x60;invalid_state&#x60;). When several apply, the first of &#x60;server_not_found&#x60;, &#x60;invalid_state&#x60;, &#x60;snapshot_limit_reached&#x60; and &#x60;duplicate_snapshot_name&#x60; is the answer. The id of a deleted snapshot is never given to another.  &gt; **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot &gt; while the server is running may result in filesystem inconsistencies. For best results, &gt; stop the server before creating a snapshot. 
   * @param snapshotCreateRequest  (required)
   * @return ApiResponse&lt;SnapshotCreated&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<SnapshotCreated> createSnapshotWithHttpInfo(@javax.annotation.Nonnull SnapshotCreateRequest snapshotCreateRequest) throws ApiException {
    return createSnapshotWithHttpInfo(snapshotCreateRequest, null);
  }

  /**
   * Create snapshot
   * Create a snapshot of a server&#39;s current state. Snapshots are point-in-time copies of the entire server.  The new snapshot is &#x60;in_progress&#x60; with &#x60;size_mb: null&#x60;; it becomes &#x60;completed&#x60; (with its size) or &#x60;failed&#x60; after 3-10 minutes depending on server size.  You can have a maximum of 5 snapshots per server, whatever their status; the 6th is refused with &#x60;snapshot_limit_reached&#x60; and nothing is stored. Names are unique per server (case-sensitive) among its current snapshots: a name in use is refused with &#x60;duplicate_snapshot_name&#x60;; the name of a deleted snapshot may be used again. A server that is &#x60;restoring&#x60; or &#x60;suspended&#x60; cannot be snapshotted (&#x60;invalid_state&#x60;). When several apply, the first of &#x60;server_not_found&#x60;, &#x60;invalid_state&#x60;, &#x60;snapshot_limit_reached&#x60; and &#x60;duplicate_snapshot_name&#x60; is the answer. The id of a deleted snapshot is never given to another.  &gt; **Note:** you can have a maximum of **5 snapshots per server**. Creating a snapshot &gt; while the server is running may result in filesystem inconsistencies. For best results, &gt; stop the server before creating a snapshot. 
   * @param snapshotCreateRequest  (required)
   * @param headers Optional headers to include in the request
   * @return ApiResponse&lt;SnapshotCreated&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<SnapshotCreated> createSnapshotWithHttpInfo(@javax.annotation.Nonnull SnapshotCreateRequest snapshotCreateRequest, Map<String, String> headers) throws ApiException {
    HttpRequest.Builder localVarRequestBuilder = createSnapshotRequestBuilder(snapshotCreateRequest, headers);
    try {
      HttpResponse<InputStream> localVarResponse = memberVarHttpClient.send(
          localVarRequestBuilder.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (memberVarResponseInterceptor != null) {
        memberVarResponseInterceptor.accept(localVarResponse);
      }
      InputStream localVarResponseBody = null;
      try {
        if (localVarResponse.statusCode()/ 100 != 2) {
          throw getApiException("createSnapshot", localVarResponse);
        }
        localVarResponseBody = ApiClient.getResponseBody(localVarResponse);
        if (localVarResponseBody == null) {
          return new ApiResponse<SnapshotCreated>(
              localVarResponse.statusCode(),
              localVarResponse.headers().map(),
              null
          );
        }

        
        
        String responseBody = new String(localVarResponseBody.readAllBytes());
        SnapshotCreated responseValue = responseBody.isBlank()? null: memberVarObjectMapper.readValue(responseBody, new TypeReference<SnapshotCreated>() {});
        

        return new ApiResponse<SnapshotCreated>(
            localVarResponse.statusCode(),
            localVarResponse.headers().map(),
            responseValue
        );
      } finally {
        if (localVarResponseBody != null) {
          localVarResponseBody.close();
        }
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }

  private HttpRequest.Builder createSnapshotRequestBuilder(@javax.annotation.Nonnull SnapshotCreateRequest snapshotCreateRequest, Map<String, String> headers) throws ApiException {
    // verify the required parameter 'snapshotCreateRequest' is set
    if (snapshotCreateRequest == null) {
      throw new ApiException(400, "Missing the required parameter 'snapshotCreateRequest' when calling createSnapshot");
    }

    HttpRequest.Builder localVarRequestBuilder = HttpRequest.newBuilder();

    String localVarPath = "/api/v1/snapshots/";

    localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath));

    localVarRequestBuilder.header("Content-Type", "application/json");
    localVarRequestBuilder.header("Accept", "application/json");

    try {
      byte[] localVarPostBody = memberVarObjectMapper.writeValueAsBytes(snapshotCreateRequest);
      localVarRequestBuilder.method("POST", HttpRequest.BodyPublishers.ofByteArray(localVarPostBody));
    } catch (IOException e) {
      throw new ApiException(e);
    }
    if (memberVarReadTimeout != null) {
      localVarRequestBuilder.timeout(memberVarReadTimeout);
    }
    // Add custom headers if provided
    localVarRequestBuilder = HttpRequestBuilderExtensions.withAdditionalHeaders(localVarRequestBuilder, headers);
    if (memberVarInterceptor != null) {
      memberVarInterceptor.accept(localVarRequestBuilder);
    }
    return localVarRequestBuilder;
  }

  /**
   * Delete snapshot
   * Delete a snapshot permanently. This action cannot be undone.  Any snapshot of yours can be deleted whatever its status: deleting an &#x60;in_progress&#x60; snapshot cancels its creation, and a restore already started from it carries on from its own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of the same snapshot is answered &#x60;404 snapshot_not_found&#x60;. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @throws ApiException if fails to make API call
   */
  public void deleteSnapshot(@javax.annotation.Nonnull Long snapshotId) throws ApiException {
    deleteSnapshot(snapshotId, null);
  }

  /**
   * Delete snapshot
   * Delete a snapshot permanently. This action cannot be undone.  Any snapshot of yours can be deleted whatever its status: deleting an &#x60;in_progress&#x60; snapshot cancels its creation, and a restore already started from it carries on from its own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of the same snapshot is answered &#x60;404 snapshot_not_found&#x60;. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @param headers Optional headers to include in the request
   * @throws ApiException if fails to make API call
   */
  public void deleteSnapshot(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    deleteSnapshotWithHttpInfo(snapshotId, headers);
  }

  /**
   * Delete snapshot
   * Delete a snapshot permanently. This action cannot be undone.  Any snapshot of yours can be deleted whatever its status: deleting an &#x60;in_progress&#x60; snapshot cancels its creation, and a restore already started from it carries on from its own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of the same snapshot is answered &#x60;404 snapshot_not_found&#x60;. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @return ApiResponse&lt;Void&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<Void> deleteSnapshotWithHttpInfo(@javax.annotation.Nonnull Long snapshotId) throws ApiException {
    return deleteSnapshotWithHttpInfo(snapshotId, null);
  }

  /**
   * Delete snapshot
   * Delete a snapshot permanently. This action cannot be undone.  Any snapshot of yours can be deleted whatever its status: deleting an &#x60;in_progress&#x60; snapshot cancels its creation, and a restore already started from it carries on from its own copy. Deleting frees a place toward the 5-per-server limit at once. A second delete of the same snapshot is answered &#x60;404 snapshot_not_found&#x60;. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @param headers Optional headers to include in the request
   * @return ApiResponse&lt;Void&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<Void> deleteSnapshotWithHttpInfo(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    HttpRequest.Builder localVarRequestBuilder = deleteSnapshotRequestBuilder(snapshotId, headers);
    try {
      HttpResponse<InputStream> localVarResponse = memberVarHttpClient.send(
          localVarRequestBuilder.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (memberVarResponseInterceptor != null) {
        memberVarResponseInterceptor.accept(localVarResponse);
      }
      InputStream localVarResponseBody = null;
      try {
        if (localVarResponse.statusCode()/ 100 != 2) {
          throw getApiException("deleteSnapshot", localVarResponse);
        }
        localVarResponseBody = ApiClient.getResponseBody(localVarResponse);
        if (localVarResponseBody != null) {
          localVarResponseBody.readAllBytes();
        }
        return new ApiResponse<>(
            localVarResponse.statusCode(),
            localVarResponse.headers().map(),
            null
        );
      } finally {
        if (localVarResponseBody != null) {
          localVarResponseBody.close();
        }
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }

  private HttpRequest.Builder deleteSnapshotRequestBuilder(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    // verify the required parameter 'snapshotId' is set
    if (snapshotId == null) {
      throw new ApiException(400, "Missing the required parameter 'snapshotId' when calling deleteSnapshot");
    }

    HttpRequest.Builder localVarRequestBuilder = HttpRequest.newBuilder();

    String localVarPath = "/api/v1/snapshots/{snapshot_id}/"
        .replace("{snapshot_id}", ApiClient.urlEncode(snapshotId.toString()));

    localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath));

    localVarRequestBuilder.header("Accept", "application/json");

    localVarRequestBuilder.method("DELETE", HttpRequest.BodyPublishers.noBody());
    if (memberVarReadTimeout != null) {
      localVarRequestBuilder.timeout(memberVarReadTimeout);
    }
    // Add custom headers if provided
    localVarRequestBuilder = HttpRequestBuilderExtensions.withAdditionalHeaders(localVarRequestBuilder, headers);
    if (memberVarInterceptor != null) {
      memberVarInterceptor.accept(localVarRequestBuilder);
    }
    return localVarRequestBuilder;
  }

  /**
   * List all snapshots
   * Get a list of all snapshots on your servers, newest first (by &#x60;created_at&#x60;, then by &#x60;id&#x60;, both descending).  &#x60;server_id&#x60; filters the list to one server. A &#x60;server_id&#x60; that names no server of yours (an unknown server, or another account&#39;s) is not an error: the answer is an empty list, so that the filter reveals nothing about other accounts. 
   * @param serverId Filter snapshots by server ID. A server that is not yours gives an empty list, not an error.  (optional)
   * @return SnapshotList
   * @throws ApiException if fails to make API call
   */
  public SnapshotList listSnapshots(@javax.annotation.Nullable Long serverId) throws ApiException {
    return listSnapshots(serverId, null);
  }

  /**
   * List all snapshots
   * Get a list of all snapshots on your servers, newest first (by &#x60;created_at&#x60;, then by &#x60;id&#x60;, both descending).  &#x60;server_id&#x60; filters the list to one server. A &#x60;server_id&#x60; that names no server of yours (an unknown server, or another account&#39;s) is not an error: the answer is an empty list, so that the filter reveals nothing about other accounts. 
   * @param serverId Filter snapshots by server ID. A server that is not yours gives an empty list, not an error.  (optional)
   * @param headers Optional headers to include in the request
   * @return SnapshotList
   * @throws ApiException if fails to make API call
   */
  public SnapshotList listSnapshots(@javax.annotation.Nullable Long serverId, Map<String, String> headers) throws ApiException {
    ApiResponse<SnapshotList> localVarResponse = listSnapshotsWithHttpInfo(serverId, headers);
    return localVarResponse.getData();
  }

  /**
   * List all snapshots
   * Get a list of all snapshots on your servers, newest first (by &#x60;created_at&#x60;, then by &#x60;id&#x60;, both descending).  &#x60;server_id&#x60; filters the list to one server. A &#x60;server_id&#x60; that names no server of yours (an unknown server, or another account&#39;s) is not an error: the answer is an empty list, so that the filter reveals nothing about other accounts. 
   * @param serverId Filter snapshots by server ID. A server that is not yours gives an empty list, not an error.  (optional)
   * @return ApiResponse&lt;SnapshotList&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<SnapshotList> listSnapshotsWithHttpInfo(@javax.annotation.Nullable Long serverId) throws ApiException {
    return listSnapshotsWithHttpInfo(serverId, null);
  }

  /**
   * List all snapshots
   * Get a list of all snapshots on your servers, newest first (by &#x60;created_at&#x60;, then by &#x60;id&#x60;, both descending).  &#x60;server_id&#x60; filters the list to one server. A &#x60;server_id&#x60; that names no server of yours (an unknown server, or another account&#39;s) is not an error: the answer is an empty list, so that the filter reveals nothing about other accounts. 
   * @param serverId Filter snapshots by server ID. A server that is not yours gives an empty list, not an error.  (optional)
   * @param headers Optional headers to include in the request
   * @return ApiResponse&lt;SnapshotList&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<SnapshotList> listSnapshotsWithHttpInfo(@javax.annotation.Nullable Long serverId, Map<String, String> headers) throws ApiException {
    HttpRequest.Builder localVarRequestBuilder = listSnapshotsRequestBuilder(serverId, headers);
    try {
      HttpResponse<InputStream> localVarResponse = memberVarHttpClient.send(
          localVarRequestBuilder.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (memberVarResponseInterceptor != null) {
        memberVarResponseInterceptor.accept(localVarResponse);
      }
      InputStream localVarResponseBody = null;
      try {
        if (localVarResponse.statusCode()/ 100 != 2) {
          throw getApiException("listSnapshots", localVarResponse);
        }
        localVarResponseBody = ApiClient.getResponseBody(localVarResponse);
        if (localVarResponseBody == null) {
          return new ApiResponse<SnapshotList>(
              localVarResponse.statusCode(),
              localVarResponse.headers().map(),
              null
          );
        }

        
        
        String responseBody = new String(localVarResponseBody.readAllBytes());
        SnapshotList responseValue = responseBody.isBlank()? null: memberVarObjectMapper.readValue(responseBody, new TypeReference<SnapshotList>() {});
        

        return new ApiResponse<SnapshotList>(
            localVarResponse.statusCode(),
            localVarResponse.headers().map(),
            responseValue
        );
      } finally {
        if (localVarResponseBody != null) {
          localVarResponseBody.close();
        }
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }

  private HttpRequest.Builder listSnapshotsRequestBuilder(@javax.annotation.Nullable Long serverId, Map<String, String> headers) throws ApiException {

    HttpRequest.Builder localVarRequestBuilder = HttpRequest.newBuilder();

    String localVarPath = "/api/v1/snapshots/";

    List<Pair> localVarQueryParams = new ArrayList<>();
    StringJoiner localVarQueryStringJoiner = new StringJoiner("&");
    String localVarQueryParameterBaseName;
    localVarQueryParameterBaseName = "server_id";
    localVarQueryParams.addAll(ApiClient.parameterToPairs("server_id", serverId));

    if (!localVarQueryParams.isEmpty() || localVarQueryStringJoiner.length() != 0) {
      StringJoiner queryJoiner = new StringJoiner("&");
      localVarQueryParams.forEach(p -> queryJoiner.add(p.getName() + '=' + p.getValue()));
      if (localVarQueryStringJoiner.length() != 0) {
        queryJoiner.add(localVarQueryStringJoiner.toString());
      }
      localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath + '?' + queryJoiner.toString()));
    } else {
      localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath));
    }

    localVarRequestBuilder.header("Accept", "application/json");

    localVarRequestBuilder.method("GET", HttpRequest.BodyPublishers.noBody());
    if (memberVarReadTimeout != null) {
      localVarRequestBuilder.timeout(memberVarReadTimeout);
    }
    // Add custom headers if provided
    localVarRequestBuilder = HttpRequestBuilderExtensions.withAdditionalHeaders(localVarRequestBuilder, headers);
    if (memberVarInterceptor != null) {
      memberVarInterceptor.accept(localVarRequestBuilder);
    }
    return localVarRequestBuilder;
  }

  /**
   * Restore from snapshot
   * Restore a server to the state captured in a snapshot. This will overwrite all current data on the server.  &gt; **Warning:** restoring from a snapshot will overwrite all current data on the server. &gt; This action cannot be undone. The server will be automatically stopped before &gt; restoration begins; it is &#x60;restoring&#x60; for 5-15 minutes and then &#x60;running&#x60; again.  The call takes no body. A restore is refused with &#x60;400 invalid_state&#x60; when the snapshot is not &#x60;completed&#x60; (it is &#x60;in_progress&#x60; or &#x60;failed&#x60;), or when its server is &#x60;restoring&#x60;, &#x60;suspended&#x60;, or has a snapshot &#x60;in_progress&#x60; (checked in that order; the message says which). A refused restore changes nothing. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @return RestoreResult
   * @throws ApiException if fails to make API call
   */
  public RestoreResult restoreSnapshot(@javax.annotation.Nonnull Long snapshotId) throws ApiException {
    return restoreSnapshot(snapshotId, null);
  }

  /**
   * Restore from snapshot
   * Restore a server to the state captured in a snapshot. This will overwrite all current data on the server.  &gt; **Warning:** restoring from a snapshot will overwrite all current data on the server. &gt; This action cannot be undone. The server will be automatically stopped before &gt; restoration begins; it is &#x60;restoring&#x60; for 5-15 minutes and then &#x60;running&#x60; again.  The call takes no body. A restore is refused with &#x60;400 invalid_state&#x60; when the snapshot is not &#x60;completed&#x60; (it is &#x60;in_progress&#x60; or &#x60;failed&#x60;), or when its server is &#x60;restoring&#x60;, &#x60;suspended&#x60;, or has a snapshot &#x60;in_progress&#x60; (checked in that order; the message says which). A refused restore changes nothing. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @param headers Optional headers to include in the request
   * @return RestoreResult
   * @throws ApiException if fails to make API call
   */
  public RestoreResult restoreSnapshot(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    ApiResponse<RestoreResult> localVarResponse = restoreSnapshotWithHttpInfo(snapshotId, headers);
    return localVarResponse.getData();
  }

  /**
   * Restore from snapshot
   * Restore a server to the state captured in a snapshot. This will overwrite all current data on the server.  &gt; **Warning:** restoring from a snapshot will overwrite all current data on the server. &gt; This action cannot be undone. The server will be automatically stopped before &gt; restoration begins; it is &#x60;restoring&#x60; for 5-15 minutes and then &#x60;running&#x60; again.  The call takes no body. A restore is refused with &#x60;400 invalid_state&#x60; when the snapshot is not &#x60;completed&#x60; (it is &#x60;in_progress&#x60; or &#x60;failed&#x60;), or when its server is &#x60;restoring&#x60;, &#x60;suspended&#x60;, or has a snapshot &#x60;in_progress&#x60; (checked in that order; the message says which). A refused restore changes nothing. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @return ApiResponse&lt;RestoreResult&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<RestoreResult> restoreSnapshotWithHttpInfo(@javax.annotation.Nonnull Long snapshotId) throws ApiException {
    return restoreSnapshotWithHttpInfo(snapshotId, null);
  }

  /**
   * Restore from snapshot
   * Restore a server to the state captured in a snapshot. This will overwrite all current data on the server.  &gt; **Warning:** restoring from a snapshot will overwrite all current data on the server. &gt; This action cannot be undone. The server will be automatically stopped before &gt; restoration begins; it is &#x60;restoring&#x60; for 5-15 minutes and then &#x60;running&#x60; again.  The call takes no body. A restore is refused with &#x60;400 invalid_state&#x60; when the snapshot is not &#x60;completed&#x60; (it is &#x60;in_progress&#x60; or &#x60;failed&#x60;), or when its server is &#x60;restoring&#x60;, &#x60;suspended&#x60;, or has a snapshot &#x60;in_progress&#x60; (checked in that order; the message says which). A refused restore changes nothing. 
   * @param snapshotId Unique snapshot identifier. (required)
   * @param headers Optional headers to include in the request
   * @return ApiResponse&lt;RestoreResult&gt;
   * @throws ApiException if fails to make API call
   */
  public ApiResponse<RestoreResult> restoreSnapshotWithHttpInfo(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    HttpRequest.Builder localVarRequestBuilder = restoreSnapshotRequestBuilder(snapshotId, headers);
    try {
      HttpResponse<InputStream> localVarResponse = memberVarHttpClient.send(
          localVarRequestBuilder.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (memberVarResponseInterceptor != null) {
        memberVarResponseInterceptor.accept(localVarResponse);
      }
      InputStream localVarResponseBody = null;
      try {
        if (localVarResponse.statusCode()/ 100 != 2) {
          throw getApiException("restoreSnapshot", localVarResponse);
        }
        localVarResponseBody = ApiClient.getResponseBody(localVarResponse);
        if (localVarResponseBody == null) {
          return new ApiResponse<RestoreResult>(
              localVarResponse.statusCode(),
              localVarResponse.headers().map(),
              null
          );
        }

        
        
        String responseBody = new String(localVarResponseBody.readAllBytes());
        RestoreResult responseValue = responseBody.isBlank()? null: memberVarObjectMapper.readValue(responseBody, new TypeReference<RestoreResult>() {});
        

        return new ApiResponse<RestoreResult>(
            localVarResponse.statusCode(),
            localVarResponse.headers().map(),
            responseValue
        );
      } finally {
        if (localVarResponseBody != null) {
          localVarResponseBody.close();
        }
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }

  private HttpRequest.Builder restoreSnapshotRequestBuilder(@javax.annotation.Nonnull Long snapshotId, Map<String, String> headers) throws ApiException {
    // verify the required parameter 'snapshotId' is set
    if (snapshotId == null) {
      throw new ApiException(400, "Missing the required parameter 'snapshotId' when calling restoreSnapshot");
    }

    HttpRequest.Builder localVarRequestBuilder = HttpRequest.newBuilder();

    String localVarPath = "/api/v1/snapshots/{snapshot_id}/restore/"
        .replace("{snapshot_id}", ApiClient.urlEncode(snapshotId.toString()));

    localVarRequestBuilder.uri(URI.create(memberVarBaseUri + localVarPath));

    localVarRequestBuilder.header("Accept", "application/json");

    localVarRequestBuilder.method("POST", HttpRequest.BodyPublishers.noBody());
    if (memberVarReadTimeout != null) {
      localVarRequestBuilder.timeout(memberVarReadTimeout);
    }
    // Add custom headers if provided
    localVarRequestBuilder = HttpRequestBuilderExtensions.withAdditionalHeaders(localVarRequestBuilder, headers);
    if (memberVarInterceptor != null) {
      memberVarInterceptor.accept(localVarRequestBuilder);
    }
    return localVarRequestBuilder;
  }

}
