// Hand-written layer of the Go client (copied into the module at each regeneration): the
// HttpRequestDoer under the generated client that times out each attempt, retries what is safe
// to repeat, and turns every answer that is not a documented success into a typed error, so
// that the generated code only ever parses the answers it was written for.
//
// Written by hand: oapi-codegen's client has no retries or timeouts, and the rule of what may be
// repeated is this API's (a create or a restore that may have reached the server is never sent
// again). The wait follows aws-sdk-go-v2's retryer: exponential backoff with jitter, capped.

package snapshots

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout is each attempt's timeout, from sending the request to the end of the answer's
// body: 30 s.
const DefaultTimeout = 30 * time.Second

// DefaultTotalTimeout bounds a whole call, every attempt and every wait between them: 90 s.
// Each attempt's timeout is cut to what is left of it, and a retry whose wait would end after
// it is not made (the last error is returned at once), so against a server that never answers
// a default call ends after 90 s (attempts of 30 s, 30 s and what the two backoffs left).
const DefaultTotalTimeout = 90 * time.Second

// RetryPolicy says when and how often a call is sent again. A GET or DELETE is retried after a
// network error, a timeout, or one of Statuses (429 and 503); a POST (create, restore) never,
// once it may have been sent (Go's transport cannot always tell a refused connection from a
// lost answer). The wait before retry n (from 0) is min(BackoffMax, BackoffInitial *
// BackoffMultiplier^n), less up to Jitter of it at random; a Retry-After header replaces it, and
// one longer than RetryAfterMax ends the retries (the error is returned at once).
type RetryPolicy struct {
	MaxRetries        int
	BackoffInitial    time.Duration
	BackoffMultiplier float64
	BackoffMax        time.Duration
	Jitter            float64
	RetryAfterMax     time.Duration
	Statuses          []int
}

// DefaultRetryPolicy: 3 retries, 0.5 s doubling to 8 s, up to 50 % jitter, Retry-After up to 60 s,
// after 429 and 503.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxRetries:        3,
		BackoffInitial:    500 * time.Millisecond,
		BackoffMultiplier: 2,
		BackoffMax:        8 * time.Second,
		Jitter:            0.5,
		RetryAfterMax:     60 * time.Second,
		Statuses:          []int{http.StatusTooManyRequests, http.StatusServiceUnavailable},
	}
}

// NoRetries is a policy that never retries.
func NoRetries() RetryPolicy {
	policy := DefaultRetryPolicy()
	policy.MaxRetries = 0
	return policy
}

// Backoff is the wait before retry n (from 0), jittered.
func (p RetryPolicy) Backoff(retry int) time.Duration {
	base := math.Min(float64(p.BackoffMax), float64(p.BackoffInitial)*math.Pow(p.BackoffMultiplier, float64(retry)))
	return time.Duration(base * (1 - p.Jitter*rand.Float64()))
}

// RetryAfter is a Retry-After header's wait (delay-seconds or an HTTP date), if valid.
func RetryAfter(value string, now time.Time) (time.Duration, bool) {
	text := strings.TrimSpace(value)
	if text == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseUint(text, 10, 32); err == nil {
		return time.Duration(seconds) * time.Second, true
	}
	when, err := http.ParseTime(text)
	if err != nil {
		return 0, false
	}
	return max(0, when.Sub(now)), true
}

// CallOptions override the client's for one call.
type CallOptions struct {
	// Timeout of each attempt; the client's if 0.
	Timeout time.Duration
	// TotalTimeout of the whole call; the client's if 0.
	TotalTimeout time.Duration
	// Retry policy; the client's if nil.
	Retry *RetryPolicy
}

// CallOption sets one of a call's CallOptions.
type CallOption func(*CallOptions)

// WithCallTimeout sets one call's timeout per attempt.
func WithCallTimeout(timeout time.Duration) CallOption {
	return func(o *CallOptions) { o.Timeout = timeout }
}

// WithCallTotalTimeout sets one call's total timeout (all its attempts and waits).
func WithCallTotalTimeout(total time.Duration) CallOption {
	return func(o *CallOptions) { o.TotalTimeout = total }
}

// WithCallRetry sets one call's retry policy (NoRetries() to switch them off).
func WithCallRetry(policy RetryPolicy) CallOption {
	return func(o *CallOptions) { o.Retry = &policy }
}

type callOptionsKey struct{}

// ContextWithCallOptions carries options to the calls made with the returned context, for the
// generated methods of SnapshotsClient.Generated, which take no options of their own.
func ContextWithCallOptions(ctx context.Context, options ...CallOption) context.Context {
	merged := CallOptions{}
	if previous, ok := ctx.Value(callOptionsKey{}).(CallOptions); ok {
		merged = previous
	}
	for _, option := range options {
		option(&merged)
	}
	return context.WithValue(ctx, callOptionsKey{}, merged)
}

// transport is the generated client's HttpRequestDoer.
type transport struct {
	http    *http.Client
	timeout time.Duration
	total   time.Duration
	retry   RetryPolicy
	logger  *slog.Logger
}

var idempotent = []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete}

func (t *transport) Do(request *http.Request) (*http.Response, error) {
	ctx := request.Context()
	timeout, total, policy := t.timeout, t.total, t.retry
	if call, ok := ctx.Value(callOptionsKey{}).(CallOptions); ok {
		if call.Timeout > 0 {
			timeout = call.Timeout
		}
		if call.TotalTimeout > 0 {
			total = call.TotalTimeout
		}
		if call.Retry != nil {
			policy = *call.Retry
		}
	}
	var body []byte
	if request.Body != nil {
		read, err := io.ReadAll(request.Body)
		_ = request.Body.Close()
		if err != nil {
			return nil, err
		}
		body = read
	}
	method, url := request.Method, request.URL.String()
	repeatable := slices.Contains(idempotent, method)
	deadline := time.Now().Add(total)
	for retry := 0; ; retry++ {
		// The attempt gets what is left of the call's total timeout if that is shorter.
		attemptTimeout := max(0, min(timeout, time.Until(deadline)))
		answer, err := t.attempt(ctx, request, body, attemptTimeout)
		response, data, timedOut := answer.response, answer.data, answer.timedOut
		var wait time.Duration
		var cause string
		if err != nil {
			if ctx.Err() != nil { // the caller's own cancellation or deadline
				return nil, fmt.Errorf("%s %s: %w", method, url, ctx.Err())
			}
			connection := &APIConnectionError{Method: method, URL: url, Err: err}
			var failure error = connection
			cause = "a network error (" + err.Error() + ")"
			if timedOut {
				failure = &APITimeoutError{APIConnectionError: connection, After: attemptTimeout, Total: attemptTimeout < timeout}
				cause = "a timeout"
			}
			if retry >= policy.MaxRetries || !repeatable {
				return nil, failure
			}
			wait = policy.Backoff(retry)
			if wait >= time.Until(deadline) { // the retry would start after the total timeout
				return nil, failure
			}
		} else {
			failure := errorForResponse(method, request.URL.Path, url, response, data)
			if failure == nil {
				response.Body = io.NopCloser(bytes.NewReader(data))
				return response, nil
			}
			if retry >= policy.MaxRetries || !repeatable || !slices.Contains(policy.Statuses, response.StatusCode) {
				return nil, failure
			}
			wait = policy.Backoff(retry)
			if named, ok := RetryAfter(response.Header.Get("Retry-After"), time.Now()); ok {
				if named > policy.RetryAfterMax {
					return nil, failure
				}
				wait = named
			}
			if wait >= time.Until(deadline) { // the retry would start after the total timeout
				return nil, failure
			}
			cause = fmt.Sprintf("status %d", response.StatusCode)
		}
		t.logger.DebugContext(ctx, "retrying", "method", method, "url", url, "cause", cause,
			"retry", retry+1, "of", policy.MaxRetries, "wait", wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
}

// answer is what one attempt got: the response and its body, or whether it timed out.
type answer struct {
	response *http.Response
	data     []byte
	timedOut bool
}

// attempt sends the request once and reads its whole answer within `timeout`.
func (t *transport) attempt(ctx context.Context, request *http.Request, body []byte, timeout time.Duration) (answer, error) {
	attemptCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sent := request.Clone(attemptCtx)
	if body != nil {
		sent.Body = io.NopCloser(bytes.NewReader(body))
		sent.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		sent.ContentLength = int64(len(body))
	}
	response, err := t.http.Do(sent)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(response.Body)
		_ = response.Body.Close()
	}
	timedOut := errors.Is(attemptCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	return answer{response, data, timedOut}, err
}

func sleep(ctx context.Context, wait time.Duration) error {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// errorBody is the API's error shape, with pointers to tell a missing field from an empty one.
type errorBody struct {
	Error *struct {
		Code    *string       `json:"code"`
		Message *string       `json:"message"`
		Details []ErrorDetail `json:"details"`
	} `json:"error"`
}

// errorForResponse is the typed error `response` (its body read into `data`) is, or nil for a
// documented success.
func errorForResponse(method, path, url string, response *http.Response, data []byte) error {
	documented, known := documentedStatuses(method, path)
	isDocumented := !known || slices.Contains(documented, response.StatusCode)
	base := &APIStatusError{
		Status: response.StatusCode, Header: response.Header, Body: data, Method: method, URL: url,
		RequestID: response.Header.Get("X-Request-Id"),
	}
	if response.StatusCode >= 200 && response.StatusCode < 300 {
		if response.StatusCode != http.StatusNoContent && len(data) > 0 && !json.Valid(data) {
			return &MalformedResponseError{base}
		}
		if !isDocumented {
			return &UndocumentedStatusError{base}
		}
		return nil
	}
	var parsed errorBody
	if err := json.Unmarshal(data, &parsed); err != nil || parsed.Error == nil ||
		parsed.Error.Code == nil || parsed.Error.Message == nil {
		return &MalformedResponseError{base}
	}
	base.Code, base.Message, base.Details = *parsed.Error.Code, *parsed.Error.Message, parsed.Error.Details
	if !isDocumented {
		return &UndocumentedStatusError{base}
	}
	return base
}
