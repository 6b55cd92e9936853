// Hand-written layer of the Go client (copied into the module at each regeneration):
// SnapshotsClient, the generated client with typed errors, timeouts, retries and waiting.

package snapshots

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Config says how a SnapshotsClient is made; only Token is required.
type Config struct {
	// Token is the API token, sent as `Authorization: Bearer <token>`.
	Token string
	// BaseURL is DefaultBaseURL (the production server) if empty.
	BaseURL string
	// Timeout of each attempt of a call; DefaultTimeout (30 s) if 0.
	Timeout time.Duration
	// TotalTimeout of each whole call, all its attempts and the waits between them;
	// DefaultTotalTimeout (90 s) if 0.
	TotalTimeout time.Duration
	// Retry is DefaultRetryPolicy() if nil; NoRetries() switches retries off.
	Retry *RetryPolicy
	// Logger gets each retry at debug level; slog.Default() if nil (which drops debug records).
	Logger *slog.Logger
	// HTTPClient sends the requests (a proxy's, a test double's); a new http.Client if nil. The
	// layer times out each attempt itself: its own Timeout is best left 0.
	HTTPClient *http.Client
}

// SnapshotsClient makes the API's calls, returning the success body or an error the layer
// types (see SnapshotsError). Cancel a call, its retries or a wait through its context.
type SnapshotsClient struct {
	// Generated is the generated client on the same transport: its methods return the same
	// typed errors (a failure never comes back as an answer), and take per-call options through
	// ContextWithCallOptions.
	Generated    *ClientWithResponses
	Timeout      time.Duration
	TotalTimeout time.Duration
	Retry        RetryPolicy
}

// NewSnapshotsClient makes a client from `config`.
func NewSnapshotsClient(config Config) (*SnapshotsClient, error) {
	layer := &transport{http: config.HTTPClient, timeout: config.Timeout, total: config.TotalTimeout, logger: config.Logger}
	if layer.http == nil {
		layer.http = &http.Client{}
	}
	if layer.timeout <= 0 {
		layer.timeout = DefaultTimeout
	}
	if layer.total <= 0 {
		layer.total = DefaultTotalTimeout
	}
	if layer.logger == nil {
		layer.logger = slog.Default()
	}
	layer.retry = DefaultRetryPolicy()
	if config.Retry != nil {
		layer.retry = *config.Retry
	}
	baseURL := config.BaseURL
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	authorization := "Bearer " + config.Token
	generated, err := NewClientWithResponses(baseURL, WithHTTPClient(layer),
		WithRequestEditorFn(func(_ context.Context, request *http.Request) error {
			request.Header.Set("Authorization", authorization)
			return nil
		}))
	if err != nil {
		return nil, err
	}
	return &SnapshotsClient{Generated: generated, Timeout: layer.timeout, TotalTimeout: layer.total, Retry: layer.retry}, nil
}

// parsed runs a generated Parse function over a response the transport let through (a
// documented success); a body it cannot parse is a MalformedResponseError.
func parsed[T any](response *http.Response, err error, parse func(*http.Response) (T, error)) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	data, err := io.ReadAll(response.Body)
	_ = response.Body.Close()
	if err != nil {
		return zero, err
	}
	response.Body = io.NopCloser(bytes.NewReader(data))
	result, err := parse(response)
	if err != nil {
		return zero, malformed(response, data)
	}
	return result, nil
}

func malformed(response *http.Response, data []byte) error {
	return &MalformedResponseError{&APIStatusError{
		Status: response.StatusCode, Header: response.Header, Body: data,
		RequestID: response.Header.Get("X-Request-Id"),
		Method:    response.Request.Method, URL: response.Request.URL.String(),
	}}
}

// ListSnapshots lists your snapshots, newest first; only server `serverID`'s if not nil.
func (c *SnapshotsClient) ListSnapshots(ctx context.Context, serverID *Id, options ...CallOption) (*SnapshotList, error) {
	ctx = ContextWithCallOptions(ctx, options...)
	response, err := c.Generated.ListSnapshots(ctx, &ListSnapshotsParams{ServerId: serverID})
	answer, err := parsed(response, err, ParseListSnapshotsResponse)
	if err != nil {
		return nil, err
	}
	if answer.JSON200 == nil {
		return nil, malformed(answer.HTTPResponse, answer.Body)
	}
	return answer.JSON200, nil
}

// CreateSnapshot starts a snapshot; it is `in_progress` (WaitForSnapshot waits for it). Never
// retried once it may have been sent.
func (c *SnapshotsClient) CreateSnapshot(ctx context.Context, request SnapshotCreateRequest, options ...CallOption) (*SnapshotCreated, error) {
	ctx = ContextWithCallOptions(ctx, options...)
	response, err := c.Generated.CreateSnapshot(ctx, request)
	answer, err := parsed(response, err, ParseCreateSnapshotResponse)
	if err != nil {
		return nil, err
	}
	if answer.JSON201 == nil {
		return nil, malformed(answer.HTTPResponse, answer.Body)
	}
	return answer.JSON201, nil
}

// RestoreSnapshot restores a snapshot onto its server, overwriting all its data. Never retried
// once it may have been sent. The API has no call that reads a restore's progress, so it
// cannot be waited for.
func (c *SnapshotsClient) RestoreSnapshot(ctx context.Context, snapshotID Id, options ...CallOption) (*RestoreResult, error) {
	ctx = ContextWithCallOptions(ctx, options...)
	response, err := c.Generated.RestoreSnapshot(ctx, snapshotID)
	answer, err := parsed(response, err, ParseRestoreSnapshotResponse)
	if err != nil {
		return nil, err
	}
	if answer.JSON200 == nil {
		return nil, malformed(answer.HTTPResponse, answer.Body)
	}
	return answer.JSON200, nil
}

// DeleteSnapshot deletes a snapshot; nil only if it was deleted. A delete whose answer was
// lost is retried, and the retry may then be answered 404 `snapshot_not_found`: the snapshot
// is gone either way.
func (c *SnapshotsClient) DeleteSnapshot(ctx context.Context, snapshotID Id, options ...CallOption) error {
	ctx = ContextWithCallOptions(ctx, options...)
	response, err := c.Generated.DeleteSnapshot(ctx, snapshotID)
	_, err = parsed(response, err, ParseDeleteSnapshotResponse)
	return err
}

// DefaultWaitDeadline is how long WaitForSnapshot waits by default: 15 minutes (a snapshot
// takes 3 to 10).
const DefaultWaitDeadline = 15 * time.Minute

const (
	defaultPollInterval = 2 * time.Second
	maxPollInterval     = 30 * time.Second
	pollMultiplier      = 1.5
)

// WaitOptions say how WaitForSnapshot polls; the zero value is the defaults.
type WaitOptions struct {
	// ServerID is the snapshot's server: the list of one server is cheaper to poll.
	ServerID *Id
	// Deadline: give up after this long; DefaultWaitDeadline if 0.
	Deadline time.Duration
	// PollInterval is the first wait between polls (2 s if 0), 1.5 times longer each time, up
	// to 30 s.
	PollInterval time.Duration
}

// WaitForSnapshot waits for snapshot `snapshotID` to leave `in_progress` and returns it
// completed. It polls the list (of options.ServerID if set) with backoff until the deadline,
// and returns a *SnapshotFailedError if it ended `failed`, a *SnapshotGoneError if it is no
// longer listed (deleted meanwhile), a *WaitDeadlineError at the deadline, an error wrapping
// ctx.Err() when ctx is cancelled, and any error of a poll (after its retries) as it is.
// Restores cannot be waited for: the API has no call that reads a restore's progress.
func (c *SnapshotsClient) WaitForSnapshot(ctx context.Context, snapshotID Id, options WaitOptions) (*Snapshot, error) {
	deadline := options.Deadline
	if deadline <= 0 {
		deadline = DefaultWaitDeadline
	}
	interval := options.PollInterval
	if interval <= 0 {
		interval = defaultPollInterval
	}
	end := time.Now().Add(deadline)
	var last *Snapshot
	for {
		listed, err := c.ListSnapshots(ctx, options.ServerID)
		if err != nil {
			return nil, err
		}
		var found *Snapshot
		for i := range listed.Results {
			if listed.Results[i].Id == snapshotID {
				found = &listed.Results[i]
			}
		}
		switch {
		case found == nil:
			return nil, &SnapshotGoneError{&WaitError{snapshotID, last, "is no longer listed"}}
		case found.Status == Failed:
			return nil, &SnapshotFailedError{&WaitError{snapshotID, found, "failed"}}
		case found.Status == Completed:
			return found, nil
		}
		last = found
		remaining := time.Until(end)
		if remaining <= 0 {
			return nil, &WaitDeadlineError{&WaitError{snapshotID, found, "is still in progress at the deadline"}}
		}
		if err := sleep(ctx, min(interval, remaining)); err != nil {
			return nil, fmt.Errorf("waiting for snapshot %d: %w", snapshotID, err)
		}
		interval = min(time.Duration(float64(interval)*pollMultiplier), maxPollInterval)
	}
}
