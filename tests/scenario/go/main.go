// The shared scenario's Go program: the generated client walks the steps in os.Args[1]
// against $SNAPSHOTS_MOCK_URL and prints one JSON line per step (tests/scenario/steps.py says
// what they hold). tests/bindings/builds.py builds it as a module of its own.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	snapshots "vps.org/snapshots-client-go"
)

type step struct {
	ID         string `json:"id"`
	Call       string `json:"call"`
	Token      string `json:"token"`
	ServerID   int64  `json:"server_id"`
	Name       string `json:"name"`
	Save       string `json:"save"`
	Snapshot   string `json:"snapshot"`
	SnapshotID int64  `json:"snapshot_id"`
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
		result, err := run(context.Background(), os.Getenv("SNAPSHOTS_MOCK_URL"), s, saved)
		if err != nil {
			fmt.Fprintf(os.Stderr, "step %s: %v\n", s.ID, err)
			os.Exit(1)
		}
		line, _ := json.Marshal(result)
		fmt.Println(string(line))
	}
}
