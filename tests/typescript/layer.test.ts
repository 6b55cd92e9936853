// The package's hand-written layer (SnapshotsClient): typed errors, timeouts, retries and
// waiting, over real HTTP against a mock of its own started with the opt-in misbehaviour
// (support/misbehaving-mock.ts). Each test arms the answers it needs, and they are disarmed
// after it. A Retry-After is checked in the retry's debug line, never by timing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  type ErrorCode,
  type RestoreResult,
  type Snapshot,
  type SnapshotCreated,
  type SnapshotList,
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  deleteSnapshot,
  listSnapshots,
  MalformedResponseError,
  NO_RETRIES,
  type RetryPolicy,
  retryAfterMs,
  SnapshotFailedError,
  SnapshotGoneError,
  SnapshotsClient,
  SnapshotsError,
  UndocumentedStatusError,
  WaitDeadlineError,
} from '@vps-org/snapshots-client';

import { MisbehavingMock } from './support/misbehaving-mock.js';
import { OTHER_ACCOUNT_TOKEN, PAGE_ACCOUNT_TOKEN } from './support/mock-server.js';
import type { Equal, Expect } from './support/type-assert.js';

// The layer's types, checked at compile time: success bodies, never `| undefined`; a code kept
// as a string; errorCode narrowed to the document's list.
export type LayerTypes = [
  Expect<Equal<Awaited<ReturnType<SnapshotsClient['listSnapshots']>>, SnapshotList>>,
  Expect<Equal<Awaited<ReturnType<SnapshotsClient['createSnapshot']>>, SnapshotCreated>>,
  Expect<Equal<Awaited<ReturnType<SnapshotsClient['restoreSnapshot']>>, RestoreResult>>,
  Expect<Equal<Awaited<ReturnType<SnapshotsClient['deleteSnapshot']>>, void>>,
  Expect<Equal<Awaited<ReturnType<SnapshotsClient['waitForSnapshot']>>, Snapshot>>,
  Expect<Equal<APIStatusError['code'], string | undefined>>,
  Expect<Equal<APIStatusError['errorCode'], ErrorCode | undefined>>,
  Expect<Equal<APIStatusError['headers'], Headers>>,
];

const PAGE_SERVER = 12345;
const PAGE_SNAPSHOTS = [801, 798];
const LATEST = 801;
const FLAKY_SERVER = 23457; // account 2's; its new snapshots end failed
const LIST = '/api/v1/snapshots/';
const FAST: Partial<RetryPolicy> = { maxRetries: 3, backoffInitialMs: 10, backoffMaxMs: 50 };

let mock: MisbehavingMock;
let lines: string[] = [];
const logger = { debug: (line: string): void => void lines.push(line) };

function api(
  options: { token?: string; timeoutMs?: number; totalTimeoutMs?: number; retry?: Partial<RetryPolicy>; baseUrl?: string } = {},
): SnapshotsClient {
  return new SnapshotsClient({ baseUrl: mock.url, token: PAGE_ACCOUNT_TOKEN, retry: FAST, logger, ...options });
}

async function rejection<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a ${type.name}, got a success`);
}

before(async () => {
  mock = await MisbehavingMock.start();
});
after(async () => {
  await mock.stop();
});
afterEach(async () => {
  await mock.disarm();
  lines = [];
});

describe('errors', () => {
  test('a documented error carries status, code, message, details and headers', async () => {
    const error = await rejection(api().deleteSnapshot(999_999), APIStatusError);
    assert.equal(error.constructor, APIStatusError);
    assert.ok(error instanceof Error && error instanceof SnapshotsError);
    assert.ok(error.stack?.includes('APIStatusError'));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'snapshot_not_found');
    assert.equal(error.errorCode, 'snapshot_not_found');
    assert.ok(error.apiMessage.length > 0);
    assert.match(error.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(error.method, 'DELETE');

    const invalid = await rejection(api().createSnapshot({ server_id: PAGE_SERVER, name: 'not a valid name!' }), APIStatusError);
    assert.equal(invalid.code, 'invalid_parameters');
    assert.deepEqual(invalid.details.map((detail) => detail.field), ['name']);
  });

  test('an unknown error code is kept as a string', async () => {
    await mock.arm({ answer: 'unknown_code', method: 'DELETE', path: '/api/v1/snapshots/*/', status: 400 });
    const error = await rejection(api().deleteSnapshot(LATEST), APIStatusError);
    assert.equal(error.constructor, APIStatusError); // 400 is documented for a delete
    assert.equal(error.code, 'snapshot_quota_frozen');
    assert.equal(error.errorCode, undefined);
    assert.match(error.requestId ?? '', /^misbehaviour-/);
    assert.ok((await api().listSnapshots(PAGE_SERVER)).results.some((s) => s.id === LATEST));
  });

  test('an HTML page is a MalformedResponseError with its text', async () => {
    await mock.arm({ answer: 'html' });
    const error = await rejection(api().listSnapshots(PAGE_SERVER), MalformedResponseError);
    assert.equal(error.status, 502);
    assert.equal(error.code, undefined);
    assert.match(error.body, /502 Bad Gateway/);
  });

  test('an undocumented status is an UndocumentedStatusError', async () => {
    await mock.arm({ answer: 'unknown_code', method: 'DELETE', path: `/api/v1/snapshots/${LATEST}/`, status: 500 });
    await mock.arm({ answer: 'rate_limited', method: 'DELETE', path: `/api/v1/snapshots/${LATEST}/` });
    const serverError = await rejection(api().deleteSnapshot(LATEST, { retry: NO_RETRIES }), UndocumentedStatusError);
    assert.equal(serverError.status, 500);
    assert.equal(serverError.code, 'snapshot_quota_frozen');
    const rateLimited = await rejection(api().deleteSnapshot(LATEST, { retry: NO_RETRIES }), UndocumentedStatusError);
    assert.equal(rateLimited.status, 429);
    assert.equal(rateLimited.code, 'rate_limited');
  });

  test('a documented 503 is an APIStatusError with a known code', async () => {
    await mock.arm({ answer: 'unavailable', method: 'DELETE', path: `/api/v1/snapshots/${LATEST}/` });
    const error = await rejection(api().deleteSnapshot(LATEST, { retry: NO_RETRIES }), APIStatusError);
    assert.equal(error.constructor, APIStatusError);
    assert.equal(error.status, 503);
    assert.equal(error.errorCode, 'service_unavailable');
  });

  test('the generated functions through api.client throw the same errors', async () => {
    const client = api().client;
    await mock.arm({ answer: 'rate_limited', method: 'DELETE', path: `/api/v1/snapshots/${LATEST}/`, times: 10 });
    await rejection(deleteSnapshot({ client, path: { snapshot_id: LATEST } }), UndocumentedStatusError);
    await mock.arm({ answer: 'html' });
    await rejection(listSnapshots({ client }), MalformedResponseError);
    const { data } = await listSnapshots({ client, query: { server_id: PAGE_SERVER } });
    assert.deepEqual(
      data?.results.map((s) => s.id),
      PAGE_SNAPSHOTS,
    );
  });

  test('a refused connection is an APIConnectionError; only the GET is retried', async () => {
    const closed = `http://127.0.0.1:${await (async () => {
      const { createServer } = await import('node:net');
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return typeof address === 'object' && address !== null ? address.port : 1;
    })()}`;
    const refused = api({ baseUrl: closed });
    const error = await rejection(refused.listSnapshots(), APIConnectionError);
    assert.ok(!(error instanceof APITimeoutError));
    assert.ok(error.cause !== undefined);
    await rejection(refused.createSnapshot({ server_id: PAGE_SERVER, name: 'never-sent' }), APIConnectionError);
    assert.equal(lines.filter((line) => line.startsWith('retrying GET')).length, 3);
    assert.equal(lines.filter((line) => line.startsWith('retrying POST')).length, 0);
  });
});

describe('timeouts', () => {
  test('the default timeout is 30 s per attempt', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
    assert.equal(new SnapshotsClient({ token: PAGE_ACCOUNT_TOKEN }).timeoutMs, DEFAULT_TIMEOUT_MS);
  });

  test("the defaults are the README's: 30 s per attempt, 90 s per call in all", () => {
    const readme = readFileSync(new URL('../node_modules/@vps-org/snapshots-client/README.md', import.meta.url), 'utf-8');
    const said = (constant: string): number => {
      const found = new RegExp(`(\\d+) s\\s+\\(\`${constant}\`\\)`).exec(readme);
      assert.ok(found, `the README names ${constant}`);
      return Number(found[1]) * 1000;
    };
    assert.equal(said('DEFAULT_TIMEOUT_MS'), DEFAULT_TIMEOUT_MS);
    assert.equal(said('DEFAULT_TOTAL_TIMEOUT_MS'), DEFAULT_TOTAL_TIMEOUT_MS);
    const client = new SnapshotsClient({ token: PAGE_ACCOUNT_TOKEN });
    assert.equal(client.totalTimeoutMs, DEFAULT_TOTAL_TIMEOUT_MS);
    // Under two minutes even when every attempt of the default policy times out.
    assert.ok(DEFAULT_TOTAL_TIMEOUT_MS < (DEFAULT_RETRY_POLICY.maxRetries + 1) * DEFAULT_TIMEOUT_MS);
    assert.ok(DEFAULT_TOTAL_TIMEOUT_MS <= 120_000);
  });

  test('a server that never answers ends the call at its total timeout', async () => {
    await mock.arm({ answer: 'no_answer', times: 10 });
    const client = api({ timeoutMs: 500, totalTimeoutMs: 1_200 });
    const error = await rejection(client.listSnapshots(PAGE_SERVER), APITimeoutError);
    assert.match(error.message, /total timeout of 1200 ms/);
    // Attempts of 500 ms, 500 ms and the rest: two retries, not the policy's three.
    assert.equal(lines.length, 2);
    assert.equal((await mock.armed())[0]?.times, 10 - 3);
  });

  test("a per-call total timeout overrides the client's", async () => {
    await mock.arm({ answer: 'no_answer', times: 10 });
    const client = api({ timeoutMs: 500, totalTimeoutMs: 60_000 });
    const error = await rejection(client.listSnapshots(PAGE_SERVER, { totalTimeoutMs: 300 }), APITimeoutError);
    assert.match(error.message, /total timeout of 300 ms/);
    assert.deepEqual(lines, []);
  });

  test('a retry whose wait would pass the total timeout is not made', async () => {
    await mock.arm({ answer: 'rate_limited', retry_after: 2, times: 2 });
    const error = await rejection(api({ totalTimeoutMs: 1_000 }).listSnapshots(PAGE_SERVER), APIStatusError);
    assert.equal(error.status, 429);
    assert.deepEqual(lines, []);
    assert.equal((await mock.armed())[0]?.times, 1);
  });

  test('no answer times out', async () => {
    await mock.arm({ answer: 'no_answer' });
    const error = await rejection(api({ timeoutMs: 500, retry: NO_RETRIES }).listSnapshots(PAGE_SERVER), APITimeoutError);
    assert.equal(error.method, 'GET');
  });

  test("a per-call timeout overrides the client's", async () => {
    await mock.arm({ answer: 'slow', delay: 1, times: 2 });
    const slowApi = api({ timeoutMs: 300, retry: NO_RETRIES });
    await rejection(slowApi.listSnapshots(PAGE_SERVER), APITimeoutError);
    const listed = await slowApi.listSnapshots(PAGE_SERVER, { timeoutMs: 10_000 });
    assert.deepEqual(
      listed.results.map((s) => s.id),
      PAGE_SNAPSHOTS,
    );
  });

  test("the caller's abort rejects with its reason, not a SnapshotsError", async () => {
    await mock.arm({ answer: 'no_answer' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the user gave up')), 200);
    await assert.rejects(api().listSnapshots(PAGE_SERVER, { signal: controller.signal }), /the user gave up/);
    assert.deepEqual(lines, []);
  });
});

describe('retries', () => {
  test('a 429 is retried after its Retry-After', async () => {
    await mock.arm({ answer: 'rate_limited', retry_after: 1, times: 2 });
    const listed = await api().listSnapshots(PAGE_SERVER);
    assert.deepEqual(
      listed.results.map((s) => s.id),
      PAGE_SNAPSHOTS,
    );
    assert.equal(lines.length, 2);
    assert.ok(lines.every((line) => line.includes('after status 429') && line.endsWith('in 1.00 s')), lines.join('\n'));
  });

  test('503 retries end with the error after maxRetries', async () => {
    await mock.arm({ answer: 'unavailable', times: 10 });
    const error = await rejection(api().listSnapshots(PAGE_SERVER), APIStatusError);
    assert.equal(error.status, 503);
    assert.equal(lines.length, 3);
    assert.equal((await mock.armed())[0]?.times, 10 - 4);
  });

  test('a request without an answer is retried', async () => {
    await mock.arm({ answer: 'no_answer' });
    const listed = await api({ timeoutMs: 500 }).listSnapshots(PAGE_SERVER);
    assert.equal(listed.results.length, PAGE_SNAPSHOTS.length);
    assert.deepEqual(
      lines.map((line) => line.includes('after a timeout')),
      [true],
    );
  });

  for (const answer of ['rate_limited', 'unavailable', 'no_answer'] as const) {
    test(`create and restore are never sent twice (${answer})`, async () => {
      await mock.arm({ answer, method: 'POST', path: '/api/v1/snapshots/*', times: 4 });
      const client = api({ timeoutMs: 500 });
      await rejection(client.createSnapshot({ server_id: PAGE_SERVER, name: 'only-once' }), SnapshotsError);
      await rejection(client.restoreSnapshot(LATEST), SnapshotsError);
      assert.deepEqual(lines, []);
      assert.equal((await mock.armed())[0]?.times, 2);
    });
  }

  test('Retry-After is read as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('7'), 7_000);
    const later = retryAfterMs(new Date(Date.now() + 30_000).toUTCString()) ?? 0;
    assert.ok(later > 25_000 && later <= 30_000, String(later));
    assert.equal(retryAfterMs('Sat, 01 Jan 2000 00:00:00 GMT'), 0);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  test('retries switched off, and the default policy', async () => {
    assert.deepEqual(DEFAULT_RETRY_POLICY.statuses, [429, 503]);
    await mock.arm({ answer: 'unavailable' });
    await rejection(api({ retry: NO_RETRIES }).listSnapshots(PAGE_SERVER), APIStatusError);
    assert.deepEqual(lines, []);
  });
});

describe('waitForSnapshot', () => {
  test('resolves to the completed snapshot', async () => {
    const client = api();
    const created = await client.createSnapshot({ server_id: PAGE_SERVER, name: 'waited-for' });
    assert.equal(created.status, 'in_progress');
    const done = await client.waitForSnapshot(created.id, { serverId: PAGE_SERVER, pollIntervalMs: 100, deadlineMs: 30_000 });
    assert.equal(done.id, created.id);
    assert.equal(done.status, 'completed');
    assert.notEqual(done.size_mb, null);
    await client.deleteSnapshot(created.id);
  });

  test('rejects with SnapshotFailedError when the snapshot failed', async () => {
    const client = api({ token: OTHER_ACCOUNT_TOKEN });
    const created = await client.createSnapshot({ server_id: FLAKY_SERVER, name: 'doomed' });
    const error = await rejection(client.waitForSnapshot(created.id, { pollIntervalMs: 100 }), SnapshotFailedError);
    assert.equal(error.snapshot?.status, 'failed');
    await client.deleteSnapshot(created.id);
  });

  test('rejects with SnapshotGoneError when the snapshot is deleted meanwhile', async () => {
    const client = api();
    const created = await client.createSnapshot({ server_id: PAGE_SERVER, name: 'deleted-meanwhile' });
    const waiting = client.waitForSnapshot(created.id, { serverId: PAGE_SERVER, pollIntervalMs: 100 });
    await client.deleteSnapshot(created.id);
    const error = await rejection(waiting, SnapshotGoneError);
    assert.equal(error.snapshotId, created.id);
  });

  test('rejects with WaitDeadlineError at its deadline, and with the reason when aborted', async () => {
    const client = api();
    const created = await client.createSnapshot({ server_id: PAGE_SERVER, name: 'too-slow' });
    const late = await rejection(
      client.waitForSnapshot(created.id, { serverId: PAGE_SERVER, pollIntervalMs: 50, deadlineMs: 200 }),
      WaitDeadlineError,
    );
    assert.equal(late.snapshot?.status, 'in_progress');
    const signal = AbortSignal.timeout(100);
    await assert.rejects(client.waitForSnapshot(created.id, { serverId: PAGE_SERVER, pollIntervalMs: 50, signal }), {
      name: 'TimeoutError',
    });
    await client.deleteSnapshot(created.id);
  });
});
