// Hand-written layer of the TypeScript client (openapi/typescript-client/layer/ in the toolkit,
// copied into src/layer/ at each regeneration; never edit the copy): every error the layer
// throws, one hierarchy rooted at SnapshotsError.
//
//   SnapshotsError
//   ├── APIConnectionError        no answer came: refused, reset, DNS, TLS...
//   │   └── APITimeoutError       no answer within the timeout
//   ├── APIStatusError            an answer that is a failure: status, code, message, details,
//   │   │                         headers, requestId, body
//   │   ├── UndocumentedStatusError   a status the document does not list for the call
//   │   └── MalformedResponseError    a body that is not JSON or not the API's error shape
//   └── WaitError                 waitForSnapshot ended without a completed snapshot
//       ├── SnapshotFailedError   the snapshot ended `failed`
//       ├── SnapshotGoneError     the snapshot is no longer listed (deleted meanwhile)
//       └── WaitDeadlineError     the deadline passed while it was still `in_progress`

import type { ErrorCode, ErrorDetail, Snapshot } from '../types.gen.js';
import { ERROR_CODES } from './documented.js';

/** The root of every error the layer throws. */
export class SnapshotsError extends Error {
  override name = 'SnapshotsError';
}

/** No answer came from the API (the request may or may not have reached it). */
export class APIConnectionError extends SnapshotsError {
  override name = 'APIConnectionError';
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No answer came within the timeout (SnapshotsClient's `timeoutMs`). */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
}

/** What an APIStatusError is made from. */
export interface StatusErrorFields {
  status: number;
  code: string | undefined;
  message: string;
  details: ErrorDetail[];
  headers: Headers;
  body: string;
  method: string;
  url: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);

/**
 * The API answered with a failure. `code` is a string, never narrowed to ErrorCode: a code this
 * version of the client does not know (the document's list may grow) is kept as it came;
 * `errorCode` is the ErrorCode when known. `code` is undefined only for a MalformedResponseError.
 */
export class APIStatusError extends SnapshotsError {
  override name = 'APIStatusError';
  readonly status: number;
  readonly code: string | undefined;
  readonly details: ErrorDetail[];
  readonly headers: Headers;
  readonly body: string;
  readonly method: string;
  readonly url: string;
  /** The API documents no request id; one a proxy or gateway adds (`X-Request-Id`) is kept. */
  readonly requestId: string | undefined;
  /** The API's message, for people (empty for a MalformedResponseError). */
  readonly apiMessage: string;

  constructor(fields: StatusErrorFields) {
    const what = fields.code === undefined ? '' : ` ${fields.code}: ${fields.message}`;
    super(`${fields.method} ${fields.url} answered ${fields.status}${what}`);
    this.status = fields.status;
    this.code = fields.code;
    this.apiMessage = fields.message;
    this.details = fields.details;
    this.headers = fields.headers;
    this.body = fields.body;
    this.method = fields.method;
    this.url = fields.url;
    this.requestId = fields.headers.get('x-request-id') ?? undefined;
  }

  /** `code` as the document's ErrorCode, or undefined for a code this client does not know. */
  get errorCode(): ErrorCode | undefined {
    return this.code !== undefined && KNOWN_CODES.has(this.code) ? (this.code as ErrorCode) : undefined;
  }
}

/** The answer's status is not one the document lists for this call (429, 500, 502...). */
export class UndocumentedStatusError extends APIStatusError {
  override name = 'UndocumentedStatusError';
}

/** The body is not JSON, or not the shape the document gives it (a proxy's HTML page). */
export class MalformedResponseError extends APIStatusError {
  override name = 'MalformedResponseError';
}

/** waitForSnapshot ended without a completed snapshot. */
export class WaitError extends SnapshotsError {
  override name = 'WaitError';
  constructor(
    message: string,
    readonly snapshotId: number,
    /** As last listed; undefined if it was never seen. */
    readonly snapshot: Snapshot | undefined,
  ) {
    super(message);
  }
}

/** The snapshot ended `failed`: it cannot be restored; delete it and try again. */
export class SnapshotFailedError extends WaitError {
  override name = 'SnapshotFailedError';
}

/** The snapshot is not listed (any more): deleted meanwhile, or never yours. */
export class SnapshotGoneError extends WaitError {
  override name = 'SnapshotGoneError';
}

/** The deadline passed while the snapshot was still `in_progress`; it may yet complete. */
export class WaitDeadlineError extends WaitError {
  override name = 'WaitDeadlineError';
}
