// The Go client's layer against a mock started with --misbehaviour (tests/bindings/test_go_layer.py
// builds and runs it): each case arms the answers it needs at /_mock/misbehaviour, calls the
// layer, and prints one JSON line of what happened; the pytest file holds what must happen.
// The seed data's facts come as a JSON argument, from snapshots_mock.seed_facts.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	snapshots "vps.org/snapshots-client-go"
)

type facts struct {
	Token       string `json:"token"`
	OtherToken  string `json:"other_token"`
	Server      int64  `json:"server"`
	FlakyServer int64  `json:"flaky_server"`
	Snapshot    int64  `json:"snapshot"`
	AdminPath   string `json:"admin_path"`
	List        string `json:"list"`
}

var (
	base  = os.Getenv("SNAPSHOTS_MOCK_URL")
	given facts
	fast  = snapshots.RetryPolicy{
		MaxRetries: 3, BackoffInitial: 10 * time.Millisecond, BackoffMultiplier: 2,
		BackoffMax: 50 * time.Millisecond, Jitter: 0.5, RetryAfterMax: 60 * time.Second,
		Statuses: []int{429, 503},
	}
)

// retries collects the layer's debug records of retries.
type retries struct {
	mu    sync.Mutex
	waits []string
}

func (r *retries) Enabled(context.Context, slog.Level) bool { return true }
func (r *retries) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *retries) WithGroup(string) slog.Handler            { return r }
func (r *retries) Handle(_ context.Context, record slog.Record) error {
	if record.Level != slog.LevelDebug || record.Message != "retrying" {
		return nil
	}
	record.Attrs(func(attr slog.Attr) bool {
		if attr.Key == "wait" {
			r.mu.Lock()
			r.waits = append(r.waits, attr.Value.Duration().String())
			r.mu.Unlock()
		}
		return true
	})
	return nil
}

func (r *retries) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.waits)
}

func client(token, url string, timeout time.Duration, policy snapshots.RetryPolicy) (*snapshots.SnapshotsClient, *retries) {
	return clientWithTotal(token, url, timeout, 0, policy)
}

// clientWithTotal is client with a total timeout per call (the default if 0).
func clientWithTotal(token, url string, timeout, total time.Duration, policy snapshots.RetryPolicy) (*snapshots.SnapshotsClient, *retries) {
	logged := &retries{}
	api, err := snapshots.NewSnapshotsClient(snapshots.Config{
		Token: token, BaseURL: url, Timeout: timeout, TotalTimeout: total, Retry: &policy, Logger: slog.New(logged),
	})
	if err != nil {
		log.Fatal(err)
	}
	return api, logged
}

func admin(method string, rule map[string]any) {
	var body bytes.Buffer
	if rule != nil {
		if err := json.NewEncoder(&body).Encode(rule); err != nil {
			log.Fatal(err)
		}
	}
	request, err := http.NewRequest(method, base+given.AdminPath, &body)
	if err != nil {
		log.Fatal(err)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		log.Fatal(err)
	}
	_ = response.Body.Close()
	if response.StatusCode >= 300 {
		log.Fatalf("%s %s: %s", method, given.AdminPath, response.Status)
	}
}

func arm(rule map[string]any) { admin(http.MethodPost, rule) }

// timesLeft is how many matching requests the first armed rule still answers.
func timesLeft() int {
	response, err := http.Get(base + given.AdminPath)
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = response.Body.Close() }()
	var rules []struct {
		Times int `json:"times"`
	}
	if err := json.NewDecoder(response.Body).Decode(&rules); err != nil || len(rules) == 0 {
		log.Fatalf("the armed rules: %v %v", rules, err)
	}
	return rules[0].Times
}

// total says whether err is a timeout of the call's total timeout.
func total(err error) bool {
	var timeout *snapshots.APITimeoutError
	return errors.As(err, &timeout) && timeout.Total
}

// kind names the most specific of the layer's error types that err is.
func kind(err error) string {
	var (
		undocumented *snapshots.UndocumentedStatusError
		malformed    *snapshots.MalformedResponseError
		status       *snapshots.APIStatusError
		timeout      *snapshots.APITimeoutError
		connection   *snapshots.APIConnectionError
		failed       *snapshots.SnapshotFailedError
		gone         *snapshots.SnapshotGoneError
		deadline     *snapshots.WaitDeadlineError
		layer        snapshots.SnapshotsError
	)
	switch {
	case err == nil:
		return "none"
	case errors.As(err, &undocumented):
		return "UndocumentedStatusError"
	case errors.As(err, &malformed):
		return "MalformedResponseError"
	case errors.As(err, &status):
		return "APIStatusError"
	case errors.As(err, &timeout):
		return "APITimeoutError"
	case errors.As(err, &connection):
		return "APIConnectionError"
	case errors.As(err, &failed):
		return "SnapshotFailedError"
	case errors.As(err, &gone):
		return "SnapshotGoneError"
	case errors.As(err, &deadline):
		return "WaitDeadlineError"
	case errors.As(err, &layer):
		return "SnapshotsError"
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	}
	return fmt.Sprintf("other %T", err)
}

// outcome is one case's line: the error's kind and what it carries, and the retries logged.
func outcome(name string, err error, logged *retries, extra map[string]any) {
	line := map[string]any{"case": name, "error": kind(err), "retries": logged.count()}
	var status *snapshots.APIStatusError
	if errors.As(err, &status) {
		_, known := status.ErrorCode()
		line["status"], line["code"], line["known_code"] = status.Status, status.Code, known
		line["request_id"] = strings.HasPrefix(status.RequestID, "misbehaviour-")
	}
	var connection *snapshots.APIConnectionError
	line["connection_error"] = errors.As(err, &connection)
	var layer snapshots.SnapshotsError
	line["snapshots_error"] = errors.As(err, &layer)
	for key, value := range extra {
		line[key] = value
	}
	text, _ := json.Marshal(line)
	fmt.Println(string(text))
	admin(http.MethodDelete, nil)
}

func listed(api *snapshots.SnapshotsClient, id int64) bool {
	list, err := api.ListSnapshots(context.Background(), &given.Server)
	if err != nil {
		log.Fatal(err)
	}
	for _, snapshot := range list.Results {
		if snapshot.Id == id {
			return true
		}
	}
	return false
}

func create(api *snapshots.SnapshotsClient, server int64, name string) int64 {
	created, err := api.CreateSnapshot(context.Background(), snapshots.SnapshotCreateRequest{ServerId: server, Name: name})
	if err != nil {
		log.Fatal(err)
	}
	return created.Id
}

// stallingServer answers one request with its headers and the start of its body, then nothing
// for 30 s; its URL.
func stallingServer() string {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		defer func() { _ = listener.Close() }()
		connection, err := listener.Accept()
		if err != nil {
			return
		}
		defer func() { _ = connection.Close() }()
		_, _ = connection.Read(make([]byte, 65536))
		_, _ = connection.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
			"Content-Length: 1000\r\n\r\n{\"count\""))
		time.Sleep(30 * time.Second)
	}()
	return "http://" + listener.Addr().String()
}

func closedPort() string {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	address := listener.Addr().String()
	_ = listener.Close()
	return "http://" + address
}

// defaults prints the defaults, the backoff's bounds and jitter, and Retry-After's two forms.
func defaults() {
	policy := snapshots.DefaultRetryPolicy()
	bounded, jittered := true, true
	for retry := range 6 {
		base := min(policy.BackoffMax, policy.BackoffInitial<<retry)
		seen := map[time.Duration]bool{}
		for range 200 {
			wait := policy.Backoff(retry)
			bounded = bounded && wait >= base/2 && wait <= base
			seen[wait] = true
		}
		jittered = jittered && len(seen) > 1
	}
	now := time.Now()
	seconds, secondsOK := snapshots.RetryAfter("7", now)
	date, dateOK := snapshots.RetryAfter(now.Add(30*time.Second).UTC().Format(http.TimeFormat), now)
	_, junkOK := snapshots.RetryAfter("soon", now)
	line := map[string]any{
		"case": "defaults", "timeout": snapshots.DefaultTimeout.String(),
		"total_timeout": snapshots.DefaultTotalTimeout.String(),
		"wait_deadline": snapshots.DefaultWaitDeadline.String(), "max_retries": policy.MaxRetries,
		"no_retries": snapshots.NoRetries().MaxRetries, "statuses": policy.Statuses,
		"backoff_bounded": bounded, "backoff_jittered": jittered,
		"retry_after_seconds": secondsOK && seconds == 7*time.Second,
		"retry_after_date": dateOK && date > 28*time.Second && date <= 30*time.Second,
		"retry_after_junk": junkOK, "base_url": snapshots.DefaultBaseURL,
	}
	text, _ := json.Marshal(line)
	fmt.Println(string(text))
}

func main() {
	if err := json.Unmarshal([]byte(os.Args[1]), &given); err != nil {
		log.Fatal(err)
	}
	defaults()
	ctx := context.Background()
	list := given.List
	every := given.List + "*/"

	api, logged := client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 1, "times": 2})
	_, err := api.ListSnapshots(ctx, &given.Server)
	outcome("429 with Retry-After, retried", err, logged, map[string]any{"waits": logged.waits})

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "unavailable", "times": 2})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("503, retried", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "unavailable", "times": 2})
	_, err = api.ListSnapshots(ctx, &given.Server, snapshots.WithCallRetry(snapshots.NoRetries()))
	outcome("503, retries switched off for the call", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 120, "times": 1})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("429 with a Retry-After beyond the limit", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "POST", "path": list, "answer": "unavailable", "times": 1})
	_, err = api.CreateSnapshot(ctx, snapshots.SnapshotCreateRequest{ServerId: given.Server, Name: "go-layer-once"})
	stored := false
	list2, listErr := api.ListSnapshots(ctx, &given.Server)
	if listErr != nil {
		log.Fatal(listErr)
	}
	for _, snapshot := range list2.Results {
		stored = stored || snapshot.Name == "go-layer-once"
	}
	outcome("a create answered 503 is not sent again", err, logged, map[string]any{"stored": stored})

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "html"})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("an HTML 502", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "DELETE", "path": every, "answer": "unknown_code", "status": 400})
	err = api.DeleteSnapshot(ctx, given.Snapshot)
	outcome("an unknown error code", err, logged, map[string]any{"still_listed": listed(api, given.Snapshot)})

	api, logged = client(given.Token, base, 5*time.Second, fast)
	err = api.DeleteSnapshot(ctx, 999999)
	outcome("a documented 404", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "unknown_code", "status": 500})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("an undocumented 500", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "slow", "delay": 2})
	_, err = api.ListSnapshots(ctx, &given.Server, snapshots.WithCallTimeout(300*time.Millisecond),
		snapshots.WithCallRetry(snapshots.NoRetries()))
	outcome("a slow answer past the call's timeout", err, logged, nil)

	api, logged = client(given.Token, base, 300*time.Millisecond, snapshots.NoRetries())
	arm(map[string]any{"method": "GET", "path": list, "answer": "no_answer", "delay": 3})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("no answer within the client's timeout", err, logged, nil)

	api, logged = client(given.Token, base, 300*time.Millisecond, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "no_answer", "delay": 3})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("no answer, retried after the timeout", err, logged, nil)

	api, logged = clientWithTotal(given.Token, base, 300*time.Millisecond, 800*time.Millisecond, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "no_answer", "delay": 3, "times": 10})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("no answer, ended at the call's total timeout", err, logged,
		map[string]any{"total": total(err), "times_left": timesLeft()})

	api, logged = clientWithTotal(given.Token, base, 300*time.Millisecond, time.Minute, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "no_answer", "delay": 3, "times": 10})
	_, err = api.ListSnapshots(ctx, &given.Server, snapshots.WithCallTotalTimeout(200*time.Millisecond))
	outcome("no answer, a per-call total timeout", err, logged, map[string]any{"total": total(err)})

	api, logged = clientWithTotal(given.Token, base, 5*time.Second, time.Second, fast)
	arm(map[string]any{"method": "GET", "path": list, "answer": "rate_limited", "retry_after": 2, "times": 2})
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("a Retry-After past the call's total timeout", err, logged, map[string]any{"times_left": timesLeft()})

	// Each attempt may take 5 s, the call 1 s: the total ends an answer whose body stalls.
	api, logged = clientWithTotal(given.Token, stallingServer(), 5*time.Second, time.Second, snapshots.NoRetries())
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("an answer whose body stalls", err, logged, map[string]any{"total": total(err)})

	api, logged = client(given.Token, closedPort(), 5*time.Second, fast)
	_, err = api.ListSnapshots(ctx, &given.Server)
	outcome("a closed port", err, logged, nil)

	api, logged = client(given.Token, closedPort(), 5*time.Second, fast)
	_, err = api.CreateSnapshot(ctx, snapshots.SnapshotCreateRequest{ServerId: given.Server, Name: "go-layer-refused"})
	outcome("a closed port, create", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	_, err = api.Generated.ListSnapshotsWithResponse(snapshots.ContextWithCallOptions(ctx), nil)
	arm(map[string]any{"method": "GET", "path": list, "answer": "html"})
	_, err2 := api.Generated.ListSnapshotsWithResponse(ctx, nil)
	outcome("the generated method, an HTML 502", err2, logged, map[string]any{"first": kind(err)})

	wait := snapshots.WaitOptions{ServerID: &given.Server, PollInterval: 100 * time.Millisecond, Deadline: 30 * time.Second}
	api, logged = client(given.Token, base, 5*time.Second, fast)
	id := create(api, given.Server, "go-layer-waited")
	snapshot, err := api.WaitForSnapshot(ctx, id, wait)
	status := ""
	if snapshot != nil {
		status = string(snapshot.Status)
	}
	outcome("wait: completed", err, logged, map[string]any{"status": status})

	other, logged := client(given.OtherToken, base, 5*time.Second, fast)
	id = create(other, given.FlakyServer, "go-layer-doomed")
	_, err = other.WaitForSnapshot(ctx, id, snapshots.WaitOptions{PollInterval: 100 * time.Millisecond, Deadline: 30 * time.Second})
	var failed *snapshots.SnapshotFailedError
	seen := errors.As(err, &failed) && failed.Snapshot != nil && failed.Snapshot.Id == id
	outcome("wait: failed", err, logged, map[string]any{"snapshot_seen": seen})

	api, logged = client(given.Token, base, 5*time.Second, fast)
	id = create(api, given.Server, "go-layer-gone")
	if err := api.DeleteSnapshot(ctx, id); err != nil {
		log.Fatal(err)
	}
	_, err = api.WaitForSnapshot(ctx, id, wait)
	outcome("wait: deleted meanwhile", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	id = create(api, given.Server, "go-layer-deadline")
	_, err = api.WaitForSnapshot(ctx, id, snapshots.WaitOptions{ServerID: &given.Server, PollInterval: 50 * time.Millisecond, Deadline: 200 * time.Millisecond})
	outcome("wait: deadline", err, logged, nil)

	api, logged = client(given.Token, base, 5*time.Second, fast)
	cancelled, cancel := context.WithCancel(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err = api.WaitForSnapshot(cancelled, id, snapshots.WaitOptions{ServerID: &given.Server, PollInterval: 50 * time.Millisecond})
	outcome("wait: cancelled through its context", err, logged, nil)
}
