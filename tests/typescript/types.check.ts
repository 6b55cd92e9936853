// Type-level tests of the generated SDK: checked by the compiler, never run (node --test only
// runs *.test.js). Each `Expect<Equal<...>>` pins a type to what the OpenAPI document says, and
// each `@ts-expect-error` is a call or value the types must refuse: if the SDK's types grew
// looser, the directive would be unused and the build would fail.

import {
  type ApiError,
  createSnapshot,
  type CreateSnapshotError,
  type CreateSnapshotErrors,
  type CreateSnapshotResponse,
  deleteSnapshot,
  type DeleteSnapshotErrors,
  type DeleteSnapshotResponses,
  type ErrorCode,
  type ErrorDetail,
  type Id,
  listSnapshots,
  type ListSnapshotsErrors,
  type ListSnapshotsResponse,
  restoreSnapshot,
  type RestoreResult,
  type RestoreSnapshotErrors,
  type RestoreSnapshotResponse,
  type ServerStatus,
  type Snapshot,
  type SnapshotCreated,
  type SnapshotCreateRequest,
  type SnapshotList,
  type SnapshotStatus,
} from '@vps-org/snapshots-client';

import type { Equal, Expect } from './support/type-assert.js';

// Enums are closed unions of the document's values.
export type SnapshotStatusIsClosed = Expect<
  Equal<SnapshotStatus, 'in_progress' | 'completed' | 'failed'>
>;
export type ServerStatusIsClosed = Expect<
  Equal<ServerStatus, 'running' | 'stopped' | 'restoring' | 'suspended'>
>;
export type ErrorCodeIsClosed = Expect<
  Equal<
    ErrorCode,
    | 'invalid_parameters'
    | 'snapshot_limit_reached'
    | 'duplicate_snapshot_name'
    | 'invalid_state'
    | 'unauthorized'
    | 'server_not_found'
    | 'snapshot_not_found'
    | 'not_found'
    | 'method_not_allowed'
    | 'payload_too_large'
    | 'unsupported_media_type'
    | 'request_timeout'
    | 'request_header_fields_too_large'
    | 'service_unavailable'
  >
>;
export type RestoreStatusIsSuccess = Expect<Equal<RestoreResult['status'], 'success'>>;

// `type: [integer, 'null']` and `type: [string, 'null']` are nullable, and required.
export type SizeIsNullable = Expect<Equal<Snapshot['size_mb'], number | null>>;
export type DescriptionIsNullable = Expect<Equal<Snapshot['description'], string | null>>;
export type RequestDescriptionIsOptional = Expect<
  Equal<SnapshotCreateRequest['description'], string | null | undefined>
>;
export type IdsAreNumbers = Expect<Equal<Id, number>>;
export type SnapshotKeys = Expect<
  Equal<keyof Snapshot, 'id' | 'server' | 'name' | 'status' | 'size_mb' | 'created_at' | 'description'>
>;

// allOf: SnapshotCreated is a Snapshot with a message.
export type CreatedIsSnapshotAndMessage = Expect<Equal<SnapshotCreated, Snapshot & { message: string }>>;

// The success body of each operation.
export type ListReturnsSnapshotList = Expect<Equal<ListSnapshotsResponse, SnapshotList>>;
export type CreateReturnsSnapshotCreated = Expect<Equal<CreateSnapshotResponse, SnapshotCreated>>;
export type RestoreReturnsRestoreResult = Expect<Equal<RestoreSnapshotResponse, RestoreResult>>;
export type DeleteReturnsNoBody = Expect<Equal<DeleteSnapshotResponses, { 204: void }>>;

// Every documented error status has the one error body.
export type ApiErrorShape = Expect<
  Equal<ApiError, { error: { code: ErrorCode; message: string; details: Array<ErrorDetail> } }>
>;
export type ListErrorStatuses = Expect<Equal<keyof ListSnapshotsErrors, 400 | 401 | 408 | 431 | 503>>;
export type CreateErrorStatuses = Expect<Equal<keyof CreateSnapshotErrors, 400 | 401 | 404 | 408 | 413 | 415 | 431 | 503>>;
export type RestoreErrorStatuses = Expect<Equal<keyof RestoreSnapshotErrors, 400 | 401 | 404 | 408 | 431 | 503>>;
export type DeleteErrorStatuses = Expect<Equal<keyof DeleteSnapshotErrors, 400 | 401 | 404 | 408 | 431 | 503>>;
export type CreateErrorIsApiError = Expect<Equal<CreateSnapshotError, ApiError>>;

/** Requests the types must refuse. */
export function refusedRequests(): void {
  // @ts-expect-error createSnapshot needs a body.
  void createSnapshot({});
  // @ts-expect-error the body needs a name.
  void createSnapshot({ body: { server_id: 12345 } });
  // @ts-expect-error the body needs a server_id.
  void createSnapshot({ body: { name: 'a' } });
  // @ts-expect-error server_id is a number, not a string.
  void createSnapshot({ body: { server_id: '12345', name: 'a' } });
  // @ts-expect-error unknown body fields are refused (additionalProperties: false).
  void createSnapshot({ body: { server_id: 12345, name: 'a', colour: 'red' } });
  // @ts-expect-error description is a string or null, not a number.
  void createSnapshot({ body: { server_id: 12345, name: 'a', description: 5 } });
  // @ts-expect-error deleteSnapshot needs the snapshot_id path parameter.
  void deleteSnapshot({});
  // @ts-expect-error snapshot_id is a number.
  void deleteSnapshot({ path: { snapshot_id: '801' } });
  // @ts-expect-error restoreSnapshot takes no body.
  void restoreSnapshot({ path: { snapshot_id: 801 }, body: {} });
  // @ts-expect-error listSnapshots has no query parameter `server`.
  void listSnapshots({ query: { server: 12345 } });
}

/** Values the types must refuse. */
export function refusedValues(snapshot: Snapshot): void {
  // @ts-expect-error 'done' is not a snapshot status.
  const status: SnapshotStatus = 'done';
  // @ts-expect-error size_mb may be null and must be checked first.
  const size: number = snapshot.size_mb;
  // @ts-expect-error a Snapshot alone lacks the SnapshotCreated message.
  const created: SnapshotCreated = snapshot;
  void [status, size, created];
}

/** How results narrow: data or error, never both. */
export async function narrowing(): Promise<void> {
  const result = await listSnapshots();
  // @ts-expect-error data is undefined until the error is ruled out.
  void result.data.results;
  if (result.error) {
    const code: ErrorCode = result.error.error.code;
    // @ts-expect-error 'teapot' is not an error code, so the comparison cannot be true.
    void (code === 'teapot');
    return;
  }
  const list: SnapshotList = result.data;
  void list;

  const thrown = await listSnapshots({ throwOnError: true });
  const always: SnapshotList = thrown.data;
  void always;
}
