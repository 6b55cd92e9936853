// Hand-written layer of the TypeScript client (copied into src/layer/ at each regeneration):
// SnapshotsClient, the generated functions with typed errors, timeouts, retries and waiting.

import { type Client, createClient, createConfig } from '../client/index.js';
import { createSnapshot, deleteSnapshot, listSnapshots, restoreSnapshot } from '../sdk.gen.js';
import type { RestoreResult, Snapshot, SnapshotCreated, SnapshotCreateRequest, SnapshotList } from '../types.gen.js';
import { DEFAULT_BASE_URL } from './documented.js';
import { SnapshotFailedError, SnapshotGoneError, WaitDeadlineError } from './errors.js';
import { DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS, layerFetch, type Logger, type RetryPolicy } from './fetch.js';

/** How a SnapshotsClient is made. */
export interface SnapshotsClientOptions {
  /** The API token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** By default the production server, https://admin.vps.org. */
  baseUrl?: string;
  /** Each attempt's timeout, in milliseconds: DEFAULT_TIMEOUT_MS (30 s) by default. */
  timeoutMs?: number;
  /** The whole call's (attempts and waits), in milliseconds: DEFAULT_TOTAL_TIMEOUT_MS (90 s) by default. */
  totalTimeoutMs?: number;
  /** Retries: DEFAULT_RETRY_POLICY by default, NO_RETRIES to switch them off; fields merge into the default. */
  retry?: Partial<RetryPolicy>;
  /** Each retry is logged here at debug level (`console` works); silent by default. */
  logger?: Logger;
  /** The fetch underneath (a test double, a proxy agent's); globalThis.fetch by default. */
  fetch?: typeof fetch;
}

/** Options of one call: they override the client's for this call alone. */
export interface CallOptions {
  /** Aborts the call (and its retries); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  timeoutMs?: number;
  totalTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** How waitForSnapshot polls. */
export interface WaitOptions {
  /** The snapshot's server: the list of one server is cheaper to poll. */
  serverId?: number;
  /** Give up after this long: 15 minutes by default (a snapshot takes 3 to 10). */
  deadlineMs?: number;
  /** The first wait between polls (2 s by default), 1.5 times longer each time, up to 30 s. */
  pollIntervalMs?: number;
  /** Aborts the wait; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export const DEFAULT_WAIT_DEADLINE_MS = 15 * 60_000;
const DEFAULT_POLL_INTERVAL_MS = 2_000;
const MAX_POLL_INTERVAL_MS = 30_000;
const POLL_MULTIPLIER = 1.5;

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The API's calls, resolving to the success body and rejecting with a SnapshotsError subclass
 * (or, after the caller's abort, the signal's reason). `client` is the generated functions'
 * client with the same timeouts, retries and typed errors, and `throwOnError` set:
 * `listSnapshots({ client: api.client })` throws instead of resolving to `{ error }`.
 */
export class SnapshotsClient {
  readonly client: Client;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retry: Readonly<RetryPolicy>;
  private readonly logger: Logger | undefined;
  private readonly innerFetch: typeof fetch;

  constructor(options: SnapshotsClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger;
    this.innerFetch = options.fetch ?? globalThis.fetch;
    this.client = createClient(
      createConfig({
        baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
        auth: options.token,
        throwOnError: true,
        fetch: this.fetchFor({}),
      }),
    );
  }

  private fetchFor(call: CallOptions): typeof fetch {
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const totalTimeoutMs = call.totalTimeoutMs ?? this.totalTimeoutMs;
    const retry = { ...this.retry, ...call.retry };
    return layerFetch({ timeoutMs, totalTimeoutMs, retry, logger: this.logger }, this.innerFetch);
  }

  private call(options: CallOptions): { client: Client; fetch: typeof fetch; signal?: AbortSignal } {
    const base = { client: this.client, fetch: this.fetchFor(options) };
    return options.signal === undefined ? base : { ...base, signal: options.signal };
  }

  /** Your snapshots, newest first; only server `serverId`'s if given. */
  async listSnapshots(serverId?: number, options: CallOptions = {}): Promise<SnapshotList> {
    const query = serverId === undefined ? {} : { query: { server_id: serverId } };
    const { data } = await listSnapshots({ ...this.call(options), ...query, throwOnError: true });
    return data;
  }

  /** Start a snapshot (never retried once it may have been sent). */
  async createSnapshot(body: SnapshotCreateRequest, options: CallOptions = {}): Promise<SnapshotCreated> {
    const { data } = await createSnapshot({ ...this.call(options), body, throwOnError: true });
    return data;
  }

  /** Restore a snapshot onto its server: this overwrites all its data (never retried once sent). */
  async restoreSnapshot(snapshotId: number, options: CallOptions = {}): Promise<RestoreResult> {
    const path = { snapshot_id: snapshotId };
    const { data } = await restoreSnapshot({ ...this.call(options), path, throwOnError: true });
    return data;
  }

  /**
   * Delete a snapshot; rejects with an APIStatusError (`snapshot_not_found`...) if it was not
   * deleted. A delete whose answer was lost is retried, and the retry may then be answered 404
   * `snapshot_not_found`: the snapshot is gone either way.
   */
  async deleteSnapshot(snapshotId: number, options: CallOptions = {}): Promise<void> {
    await deleteSnapshot({ ...this.call(options), path: { snapshot_id: snapshotId }, throwOnError: true });
  }

  /**
   * Wait for snapshot `snapshotId` to leave `in_progress`; resolves to the completed snapshot.
   * Polls the list (of `serverId` if given) with backoff until `deadlineMs`. Rejects with
   * SnapshotFailedError if it ended `failed`, SnapshotGoneError if it is no longer listed
   * (deleted meanwhile), WaitDeadlineError at the deadline, the signal's reason when aborted,
   * and any error of a poll (after its retries) as it is. Restores cannot be waited for: the
   * API has no call that reads a restore's progress.
   */
  async waitForSnapshot(snapshotId: number, options: WaitOptions = {}): Promise<Snapshot> {
    const end = Date.now() + (options.deadlineMs ?? DEFAULT_WAIT_DEADLINE_MS);
    let interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    let last: Snapshot | undefined;
    const call: CallOptions = options.signal === undefined ? {} : { signal: options.signal };
    for (;;) {
      const listed = await this.listSnapshots(options.serverId, call);
      const snapshot = listed.results.find((s) => s.id === snapshotId);
      if (snapshot === undefined) {
        throw new SnapshotGoneError(`snapshot ${snapshotId} is no longer listed`, snapshotId, last);
      }
      if (snapshot.status === 'failed') throw new SnapshotFailedError(`snapshot ${snapshotId} failed`, snapshotId, snapshot);
      if (snapshot.status === 'completed') return snapshot;
      last = snapshot;
      const remaining = end - Date.now();
      if (remaining <= 0) {
        throw new WaitDeadlineError(`snapshot ${snapshotId} is still in progress at the deadline`, snapshotId, snapshot);
      }
      await delay(Math.min(interval, remaining), options.signal);
      interval = Math.min(interval * POLL_MULTIPLIER, MAX_POLL_INTERVAL_MS);
    }
  }
}
