// Hand-written layer of the Java client (openapi/java-client/layer/ in the toolkit, copied into
// org/vps/snapshots/sdk/ at each regeneration; never edit the copy). Every exception the layer
// throws is unchecked and extends SnapshotsError:
//
//   SnapshotsError
//   ├── APIConnectionError          no answer came: refused, reset, DNS, TLS...
//   │   └── APITimeoutError         no answer within the timeout
//   ├── APIStatusError              an answer that is a failure: status, code, message, details,
//   │   │                           headers, request id, body
//   │   ├── UndocumentedStatusError a status the document does not list for the call
//   │   └── MalformedResponseError  a body that is not JSON or not the API's error shape
//   └── WaitError                   waitForSnapshot ended without a completed snapshot
//       ├── SnapshotFailedError     the snapshot ended `failed`
//       ├── SnapshotGoneError       the snapshot is no longer listed (deleted meanwhile)
//       └── WaitDeadlineError       the deadline passed while it was still `in_progress`
package org.vps.snapshots.sdk;

/** The root of every exception the layer throws (unchecked, as in Stripe's and Azure's SDKs). */
public class SnapshotsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotsError(String message) {
        super(message);
    }

    public SnapshotsError(String message, Throwable cause) {
        super(message, cause);
    }
}
