// Hand-written layer of the Go client (openapi/go-client/layer/ in the toolkit, copied into the
// module at each regeneration; never edit the copy): every error the layer returns. Use
// errors.As to tell them apart:
//
//	SnapshotsError                  interface every one of them implements
//	├── *APIConnectionError         no answer came: refused, reset, DNS, TLS...
//	│   └── *APITimeoutError        no answer within the timeout
//	├── *APIStatusError             an answer that is a failure: Status, Code, Message, Details,
//	│   │                           Header, RequestID, Body
//	│   ├── *UndocumentedStatusError   a status the document does not list for the call
//	│   └── *MalformedResponseError    a body that is not JSON or not the API's shape
//	└── *WaitError                  WaitForSnapshot ended without a completed snapshot
//	    ├── *SnapshotFailedError    the snapshot ended `failed`
//	    ├── *SnapshotGoneError      the snapshot is no longer listed (deleted meanwhile)
//	    └── *WaitDeadlineError      the deadline passed while it was still `in_progress`
//
// A subtype unwraps to its parent, so errors.As(err, &statusErr) with a *APIStatusError target
// also finds an *UndocumentedStatusError's. The caller's own cancellation is none of these: it
// is returned wrapping ctx.Err() (errors.Is(err, context.Canceled)).

package snapshots

import (
	"fmt"
	"net/http"
	"time"
)

// SnapshotsError is implemented by every error the layer returns.
type SnapshotsError interface {
	error
	snapshotsError()
}

// APIConnectionError: no answer came from the API (the request may or may not have reached it).
type APIConnectionError struct {
	Method string
	URL    string
	// Err is what the transport returned.
	Err error
}

func (e *APIConnectionError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *APIConnectionError) Unwrap() error { return e.Err }

func (*APIConnectionError) snapshotsError() {}

// APITimeoutError: no answer came within the timeout (Config.Timeout or WithCallTimeout), or
// within what was left of the call's total timeout (Config.TotalTimeout, WithCallTotalTimeout).
type APITimeoutError struct {
	*APIConnectionError
	// After is the timeout that passed.
	After time.Duration
	// Total is true when After was what was left of the call's total timeout.
	Total bool
}

func (e *APITimeoutError) Error() string {
	if e.Total {
		return fmt.Sprintf("%s %s: no answer within the call's total timeout (the last %s of it)", e.Method, e.URL, e.After)
	}
	return fmt.Sprintf("%s %s: no answer within %s", e.Method, e.URL, e.After)
}

func (e *APITimeoutError) Unwrap() error { return e.APIConnectionError }

// Timeout is true, as net.Error's is for a timeout.
func (*APITimeoutError) Timeout() bool { return true }

// APIStatusError: the API answered with a failure. Code is a string, never narrowed to
// ErrorCode: a code this version of the client does not know (the document's list may grow) is
// kept as it came; ErrorCode() says whether it is a known one. Code is "" only for a
// MalformedResponseError.
type APIStatusError struct {
	Status  int
	Code    string
	Message string
	Details []ErrorDetail
	Header  http.Header
	// RequestID is the X-Request-Id header, which a proxy or gateway may add ("" if none): the
	// API itself documents no request id.
	RequestID string
	// Body is the answer's body as it came.
	Body   []byte
	Method string
	URL    string
}

func (e *APIStatusError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("%s %s answered %d", e.Method, e.URL, e.Status)
	}
	return fmt.Sprintf("%s %s answered %d %s: %s", e.Method, e.URL, e.Status, e.Code, e.Message)
}

func (*APIStatusError) snapshotsError() {}

// ErrorCode is Code as the document's ErrorCode, and whether the document lists it.
func (e *APIStatusError) ErrorCode() (ErrorCode, bool) {
	code := ErrorCode(e.Code)
	return code, code.Valid()
}

// UndocumentedStatusError: the answer's status is not one the document lists for this call
// (429, 500, 502...).
type UndocumentedStatusError struct{ *APIStatusError }

func (e *UndocumentedStatusError) Unwrap() error { return e.APIStatusError }

// MalformedResponseError: the body is not JSON, or not the shape the document gives it (a
// proxy's HTML page). It wins over UndocumentedStatusError.
type MalformedResponseError struct{ *APIStatusError }

func (e *MalformedResponseError) Unwrap() error { return e.APIStatusError }

// WaitError: WaitForSnapshot ended without a completed snapshot.
type WaitError struct {
	SnapshotID Id
	// Snapshot is the snapshot as last listed; nil if it was never seen.
	Snapshot *Snapshot
	reason   string
}

func (e *WaitError) Error() string { return fmt.Sprintf("snapshot %d %s", e.SnapshotID, e.reason) }

func (*WaitError) snapshotsError() {}

// SnapshotFailedError: the snapshot ended `failed`; it cannot be restored: delete it and try
// again.
type SnapshotFailedError struct{ *WaitError }

func (e *SnapshotFailedError) Unwrap() error { return e.WaitError }

// SnapshotGoneError: the snapshot is not listed (any more): deleted meanwhile, or never yours.
type SnapshotGoneError struct{ *WaitError }

func (e *SnapshotGoneError) Unwrap() error { return e.WaitError }

// WaitDeadlineError: the deadline passed while the snapshot was still `in_progress`; it may
// yet complete.
type WaitDeadlineError struct{ *WaitError }

func (e *WaitDeadlineError) Unwrap() error { return e.WaitError }
