// The shared scenario's Go program: the generated client walks the steps in os.Args[1]
// against $SNAPSHOTS_MOCK_URL and prints one JSON line per step (tests/scenario/steps.py says
// what they hold). The steps marked `layer` go through the module's SnapshotsClient instead.
// tests/bindings/builds.py builds it as a module of its own, importing the client by
// generated/go's module path (vps.org/snapshots-client-go/vN from major version 2 on).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	snapshots "vps.org/snapshots-client-go"
)

type step struct {
	ID         string          `json:"id"`
	Call       string          `json:"call"`
	Token      string          `json:"token"`
	ServerID   int64           `json:"server_id"`
	Name       string          `json:"name"`
	Save       string          `json:"save"`
	Snapshot   string          `json:"snapshot"`
	SnapshotID int64           `json:"snapshot_id"`
	Layer      bool            `json:"layer"`
	Arm        json.RawMessage `json:"arm"`
}

type outcome struct {
	ID     string  `json:"id"`
	Status int     `json:"status"`
	Code   *string `json:"code"`
	Count  *int    `json:"count"`
}

// errorCode is the code of the first documented error body the answer parsed.
func errorCode(bodies ...*snapshots.Error) *string {
	for _, body := range bodies {
		if body != nil {
			code := string(body.Error.Code)
			return &code
		}
	}
	return nil
}

func run(ctx context.Context, base string, s step, saved map[string]int64) (outcome, error) {
	client, err := snapshots.NewClientWithResponses(base, snapshots.WithRequestEditorFn(
		func(_ context.Context, request *http.Request) error {
			request.Header.Set("Authorization", "Bearer "+s.Token)
			return nil
		}))
	if err != nil {
		return outcome{}, err
	}
	id := s.SnapshotID
	if s.Snapshot != "" {
		id = saved[s.Snapshot]
	}
	result := outcome{ID: s.ID}
	switch s.Call {
	case "listSnapshots":
		answer, err := client.ListSnapshotsWithResponse(ctx, &snapshots.ListSnapshotsParams{ServerId: &s.ServerID})
		if err != nil {
			return result, err
		}
		result.Status = answer.StatusCode()
		result.Code = errorCode(answer.JSON400, answer.JSON401)
		if answer.JSON200 != nil {
			count := len(answer.JSON200.Results)
			result.Count = &count
		}
	case "createSnapshot":
		request := snapshots.SnapshotCreateRequest{ServerId: s.ServerID, Name: s.Name}
		answer, err := client.CreateSnapshotWithResponse(ctx, request)
		if err != nil {
			return result, err
		}
		result.Status = answer.StatusCode()
		result.Code = errorCode(answer.JSON400, answer.JSON401, answer.JSON404, answer.JSON413, answer.JSON415)
		if answer.JSON201 != nil && s.Save != "" {
			saved[s.Save] = answer.JSON201.Id
		}
	case "restoreSnapshot":
		answer, err := client.RestoreSnapshotWithResponse(ctx, id)
		if err != nil {
			return result, err
		}
		result.Status = answer.StatusCode()
		result.Code = errorCode(answer.JSON400, answer.JSON401, answer.JSON404)
	case "deleteSnapshot":
		answer, err := client.DeleteSnapshotWithResponse(ctx, id)
		if err != nil {
			return result, err
		}
		result.Status = answer.StatusCode()
		result.Code = errorCode(answer.JSON400, answer.JSON401, answer.JSON404)
	default:
		return result, fmt.Errorf("unknown call %q", s.Call)
	}
	return result, nil
}

// layerOutcome is a `layer` step's line.
type layerOutcome struct {
	ID     string          `json:"id"`
	Error  string          `json:"error"`
	Status *int            `json:"status"`
	Code   *string         `json:"code"`
	Count  *int            `json:"count"`
	State  *string         `json:"state"`
	Rules  json.RawMessage `json:"rules,omitempty"`
}

// kind is the neutral name of the layer's error err, the most specific first.
func kind(err error) string {
	var (
		malformed    *snapshots.MalformedResponseError
		undocumented *snapshots.UndocumentedStatusError
		status       *snapshots.APIStatusError
		timeout      *snapshots.APITimeoutError
		connection   *snapshots.APIConnectionError
		failed       *snapshots.SnapshotFailedError
		gone         *snapshots.SnapshotGoneError
		deadline     *snapshots.WaitDeadlineError
	)
	switch {
	case err == nil:
		return "none"
	case errors.As(err, &malformed):
		return "malformed_response"
	case errors.As(err, &undocumented):
		return "undocumented_status"
	case errors.As(err, &status):
		return "status"
	case errors.As(err, &timeout):
		return "timeout"
	case errors.As(err, &connection):
		return "connection"
	case errors.As(err, &failed):
		return "snapshot_failed"
	case errors.As(err, &gone):
		return "snapshot_gone"
	case errors.As(err, &deadline):
		return "wait_deadline"
	}
	return fmt.Sprintf("other %T", err)
}

// admin sends one request to the mock's misbehaviour rules and returns the answer's body.
func admin(base, method string, body []byte) ([]byte, error) {
	request, err := http.NewRequest(method, base+"/_mock/misbehaviour", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return nil, err
	}
	defer func() { _ = response.Body.Close() }()
	if response.StatusCode >= 300 {
		return nil, fmt.Errorf("%s /_mock/misbehaviour: %s", method, response.Status)
	}
	return io.ReadAll(response.Body)
}

func runLayer(ctx context.Context, base string, s step, saved map[string]int64) (layerOutcome, error) {
	result := layerOutcome{ID: s.ID}
	if len(s.Arm) > 0 {
		if _, err := admin(base, http.MethodPost, s.Arm); err != nil {
			return result, err
		}
	}
	client, err := snapshots.NewSnapshotsClient(snapshots.Config{Token: s.Token, BaseURL: base})
	if err != nil {
		return result, err
	}
	id := s.SnapshotID
	if s.Snapshot != "" {
		id = saved[s.Snapshot]
	}
	switch s.Call {
	case "listSnapshots":
		var list *snapshots.SnapshotList
		if list, err = client.ListSnapshots(ctx, &s.ServerID); err == nil {
			count := len(list.Results)
			result.Count = &count
		}
	case "createSnapshot":
		var created *snapshots.SnapshotCreated
		request := snapshots.SnapshotCreateRequest{ServerId: s.ServerID, Name: s.Name}
		if created, err = client.CreateSnapshot(ctx, request); err == nil && s.Save != "" {
			saved[s.Save] = created.Id
		}
	case "deleteSnapshot":
		err = client.DeleteSnapshot(ctx, id)
	case "waitForSnapshot":
		var waited *snapshots.Snapshot
		if waited, err = client.WaitForSnapshot(ctx, id, snapshots.WaitOptions{ServerID: &s.ServerID}); err == nil {
			state := string(waited.Status)
			result.State = &state
		}
	default:
		return result, fmt.Errorf("unknown call %q", s.Call)
	}
	result.Error = kind(err)
	var status *snapshots.APIStatusError
	if errors.As(err, &status) {
		result.Status = &status.Status
		if status.Code != "" {
			result.Code = &status.Code
		}
	}
	if len(s.Arm) > 0 {
		if result.Rules, err = admin(base, http.MethodGet, nil); err != nil {
			return result, err
		}
		if _, err = admin(base, http.MethodDelete, nil); err != nil {
			return result, err
		}
	}
	return result, nil
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var scenario struct {
		Steps []step `json:"steps"`
	}
	if err := json.Unmarshal(raw, &scenario); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	saved := map[string]int64{}
	for _, s := range scenario.Steps {
		var result any
		var err error
		if s.Layer {
			result, err = runLayer(context.Background(), os.Getenv("SNAPSHOTS_MOCK_URL"), s, saved)
		} else {
			result, err = run(context.Background(), os.Getenv("SNAPSHOTS_MOCK_URL"), s, saved)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "step %s: %v\n", s.ID, err)
			os.Exit(1)
		}
		line, _ := json.Marshal(result)
		fmt.Println(string(line))
	}
}
