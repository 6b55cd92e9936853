// Hand-written layer of the TypeScript client (copied into src/layer/ at each regeneration):
// what the package exports beside the generated functions and types.

export {
  type CallOptions,
  DEFAULT_WAIT_DEADLINE_MS,
  SnapshotsClient,
  type SnapshotsClientOptions,
  type WaitOptions,
} from './client.js';
export {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  MalformedResponseError,
  SnapshotFailedError,
  SnapshotGoneError,
  SnapshotsError,
  UndocumentedStatusError,
  WaitDeadlineError,
  WaitError,
} from './errors.js';
export {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  type FetchOptions,
  layerFetch,
  type Logger,
  NO_RETRIES,
  type RetryPolicy,
  retryAfterMs,
} from './fetch.js';
