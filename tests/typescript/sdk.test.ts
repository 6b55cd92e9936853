// What each SDK function sends (URL, method, headers, body) and how it hands back the answer
// (typed data, typed error), checked against a stub fetch passed through the SDK's options.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  type ApiError,
  createSnapshot,
  deleteSnapshot,
  type ErrorCode,
  listSnapshots,
  restoreSnapshot,
  type RestoreResult,
  type SnapshotCreated,
  type SnapshotList,
} from '@vps-org/snapshots-client';
import { createClient, createConfig } from '@vps-org/snapshots-client/client';

import {
  apiError,
  BASE_URL,
  restoreResult,
  snapshotCreated,
  snapshotList,
  TOKEN,
} from './support/samples.js';
import { jsonResponse, onlyRequest, stubFetch } from './support/stub-fetch.js';
import { assertType } from './support/type-assert.js';

describe('listSnapshots', () => {
  test('sends GET with the server_id filter and the bearer token, and returns a SnapshotList', async () => {
    const stub = stubFetch(() => jsonResponse(200, snapshotList));

    const result = await listSnapshots({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      query: { server_id: 12345 },
    });

    const request = onlyRequest(stub);
    assert.equal(request.method, 'GET');
    assert.equal(request.url, `${BASE_URL}/api/v1/snapshots/?server_id=12345`);
    assert.equal(request.headers.get('Authorization'), `Bearer ${TOKEN}`);
    assert.equal(await request.text(), '');
    assert.equal(result.error, undefined);
    assert.equal(result.response?.status, 200);
    const list = assertType<SnapshotList | undefined>(result.data);
    assert.deepEqual(list, snapshotList);
  });

  test('without a filter sends no query string', async () => {
    const stub = stubFetch(() => jsonResponse(200, { count: 0, results: [] }));

    const result = await listSnapshots({ baseUrl: BASE_URL, auth: TOKEN, fetch: stub.fetch });

    assert.equal(onlyRequest(stub).url, `${BASE_URL}/api/v1/snapshots/`);
    assert.deepEqual(result.data, { count: 0, results: [] });
  });

  test('goes to the document’s production server unless told otherwise', async () => {
    const stub = stubFetch(() => jsonResponse(200, { count: 0, results: [] }));

    await listSnapshots({ auth: TOKEN, fetch: stub.fetch });

    assert.equal(onlyRequest(stub).url, 'https://admin.vps.org/api/v1/snapshots/');
  });
});

describe('createSnapshot', () => {
  test('POSTs the request body as JSON and returns the SnapshotCreated', async () => {
    const stub = stubFetch(() => jsonResponse(201, snapshotCreated));
    const body = { server_id: 12345, name: 'before-update-snapshot', description: null };

    const result = await createSnapshot({ baseUrl: BASE_URL, auth: TOKEN, fetch: stub.fetch, body });

    const request = onlyRequest(stub);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${BASE_URL}/api/v1/snapshots/`);
    assert.equal(request.headers.get('Content-Type'), 'application/json');
    assert.equal(request.headers.get('Authorization'), `Bearer ${TOKEN}`);
    assert.deepEqual(JSON.parse(await request.text()), body);
    assert.equal(result.response?.status, 201);
    if (result.error) {
      assert.fail(`unexpected error ${JSON.stringify(result.error)}`);
    }
    const created = assertType<SnapshotCreated>(result.data);
    assert.equal(created.status, 'in_progress');
    assert.equal(created.size_mb, null);
    assert.equal(created.message, snapshotCreated.message);
  });

  test('returns the 400 snapshot_limit_reached body as a typed error, with no data', async () => {
    const limit = apiError('snapshot_limit_reached', 'Server 12345 already has 5 snapshots.');
    const stub = stubFetch(() => jsonResponse(400, limit));

    const result = await createSnapshot({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      body: { server_id: 12345, name: 'sixth' },
    });

    assert.equal(result.data, undefined);
    assert.equal(result.response?.status, 400);
    const error = assertType<ApiError | undefined>(result.error);
    assert.deepEqual(error, limit);
    assert.equal(assertType<ErrorCode | undefined>(result.error?.error.code), 'snapshot_limit_reached');
  });

  test('with throwOnError rejects with the error body', async () => {
    const notFound = apiError('server_not_found', 'Server 99999 does not exist.');
    const stub = stubFetch(() => jsonResponse(404, notFound));

    await assert.rejects(
      createSnapshot({
        baseUrl: BASE_URL,
        auth: TOKEN,
        fetch: stub.fetch,
        body: { server_id: 99999, name: 'nope' },
        throwOnError: true,
      }),
      (thrown: unknown) => {
        assert.deepEqual(thrown, notFound);
        return true;
      },
    );
  });
});

describe('restoreSnapshot', () => {
  test('POSTs no body to the snapshot’s restore path and returns the RestoreResult', async () => {
    const stub = stubFetch(() => jsonResponse(200, restoreResult));

    const result = await restoreSnapshot({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      path: { snapshot_id: 801 },
    });

    const request = onlyRequest(stub);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${BASE_URL}/api/v1/snapshots/801/restore/`);
    assert.equal(request.headers.get('Authorization'), `Bearer ${TOKEN}`);
    assert.equal(await request.text(), '');
    const restore = assertType<RestoreResult | undefined>(result.data);
    assert.deepEqual(restore, restoreResult);
    assert.equal(result.data?.server.status, 'restoring');
  });

  test('returns the 400 invalid_state body as a typed error', async () => {
    const invalid = apiError('invalid_state', 'Snapshot 802 is in_progress.');
    const stub = stubFetch(() => jsonResponse(400, invalid));

    const result = await restoreSnapshot({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      path: { snapshot_id: 802 },
    });

    assert.equal(result.data, undefined);
    assert.equal(result.error?.error.code, 'invalid_state');
  });
});

describe('deleteSnapshot', () => {
  test('sends DELETE to the snapshot’s path and takes the 204 without a body', async () => {
    const stub = stubFetch(() => new Response(null, { status: 204 }));

    const result = await deleteSnapshot({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      path: { snapshot_id: 801 },
    });

    const request = onlyRequest(stub);
    assert.equal(request.method, 'DELETE');
    assert.equal(request.url, `${BASE_URL}/api/v1/snapshots/801/`);
    assert.equal(request.headers.get('Authorization'), `Bearer ${TOKEN}`);
    assert.equal(result.error, undefined);
    assert.equal(result.response?.status, 204);
  });

  test('returns the 404 snapshot_not_found body as a typed error', async () => {
    const missing = apiError('snapshot_not_found', 'Snapshot 801 does not exist.');
    const stub = stubFetch(() => jsonResponse(404, missing));

    const result = await deleteSnapshot({
      baseUrl: BASE_URL,
      auth: TOKEN,
      fetch: stub.fetch,
      path: { snapshot_id: 801 },
    });

    assert.equal(result.response?.status, 404);
    assert.deepEqual(result.error, missing);
  });
});

describe('authentication', () => {
  test('a call without a token sends no Authorization header', async () => {
    const stub = stubFetch(() => jsonResponse(401, apiError('unauthorized', 'Missing token.')));

    await listSnapshots({ baseUrl: BASE_URL, fetch: stub.fetch });

    assert.equal(onlyRequest(stub).headers.get('Authorization'), null);
  });

  test('a refused token comes back as a typed 401 unauthorized error', async () => {
    const unauthorized = apiError('unauthorized', 'Invalid or missing authentication token.');
    const stub = stubFetch(() => jsonResponse(401, unauthorized));

    const result = await listSnapshots({ baseUrl: BASE_URL, auth: 'wrong', fetch: stub.fetch });

    assert.equal(onlyRequest(stub).headers.get('Authorization'), 'Bearer wrong');
    assert.equal(result.response?.status, 401);
    assert.equal(result.data, undefined);
    assert.deepEqual(result.error, unauthorized);
  });
});

describe('clients', () => {
  test('a client made with createClient carries its own base URL, token and fetch', async () => {
    const stub = stubFetch(() => jsonResponse(200, snapshotList));
    const client = createClient(createConfig({ baseUrl: BASE_URL, auth: TOKEN, fetch: stub.fetch }));

    const result = await listSnapshots({ client });

    const request = onlyRequest(stub);
    assert.equal(request.url, `${BASE_URL}/api/v1/snapshots/`);
    assert.equal(request.headers.get('Authorization'), `Bearer ${TOKEN}`);
    assert.deepEqual(result.data, snapshotList);
  });

  test('a call that gets no answer resolves with what fetch threw and no response', async () => {
    const refused = new TypeError('fetch failed');
    const failing: typeof fetch = () => Promise.reject(refused);

    const result = await listSnapshots({ baseUrl: BASE_URL, auth: TOKEN, fetch: failing });

    assert.equal(result.data, undefined);
    assert.equal(result.response, undefined);
    assert.equal(result.error, refused);
  });
});
