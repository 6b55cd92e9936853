// The SDK over real HTTP, against the mock server the nox session starts (support/mock-server.ts):
// every call goes through the SDK's own fetch to the mock, and every result is checked as the
// SDK types it (results assigned to the SDK's types, errors narrowed on their code).
//
// The mock is shared by every test file and never reset, so no test depends on what another
// did: each server of the seed data has one user, and tests that write use names of their own.
//   12345 web-server-01 (account 1, snapshots 801 and 798): read only, the restore of 801 too
//         (a restore ends at once and changes nothing a list shows);
//   12346 db-server-01 (account 1): read only;
//   12347 legacy-server-01 (account 1, suspended, snapshot 790): read only;
//   23456 api-server-01 (account 2, snapshots 701 and 702): the create, restore and delete tests,
//         one snapshot each (so at most 5, the limit), and 701 for the other account's calls;
//   23457 flaky-server-01 (account 2, its snapshots end failed): the limit test, which fills it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  type ApiError,
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  restoreSnapshot,
  type RestoreResult,
  type Snapshot,
  type SnapshotCreated,
  type SnapshotList,
} from '@vps-org/snapshots-client';
import { type Client, createClient, createConfig } from '@vps-org/snapshots-client/client';

import { mockClient, mockUrl, OTHER_ACCOUNT_TOKEN, PAGE_ACCOUNT_TOKEN } from './support/mock-server.js';
import { type Data, refusal, success } from './support/outcomes.js';
import { restoreResult, snapshotCreated } from './support/samples.js';
import type { Equal, Expect } from './support/type-assert.js';

const pageAccount = mockClient(PAGE_ACCOUNT_TOKEN);
const otherAccount = mockClient(OTHER_ACCOUNT_TOKEN);
const SNAPSHOT_LIMIT = 5;
// Account 1's servers, and its snapshots in the seed data, newest first: 801 and 798 exactly as
// the original page lists them.
const PAGE_SERVERS = [12345, 12346, 12347];
const PAGE_SNAPSHOTS = [
  {
    id: 801,
    server: { id: 12345, name: 'web-server-01' },
    name: 'pre-migration-snapshot',
    status: 'completed',
    size_mb: 5120,
    created_at: '2025-01-15T18:30:00Z',
    description: 'Before major migration',
  },
  {
    id: 798,
    server: { id: 12345, name: 'web-server-01' },
    name: 'weekly-snapshot-2025-01-08',
    status: 'completed',
    size_mb: 4856,
    created_at: '2025-01-08T12:00:00Z',
    description: 'Weekly snapshot',
  },
] satisfies Snapshot[];
const SUSPENDED_SERVER_SNAPSHOT = {
  id: 790,
  server: { id: 12347, name: 'legacy-server-01' },
  name: 'before-suspension',
  status: 'completed',
  size_mb: 1000,
  created_at: '2024-12-01T09:00:00Z',
  description: null,
} satisfies Snapshot;
const OTHER_ACCOUNT_SNAPSHOT = {
  id: 701,
  server: { id: 23456, name: 'api-server-01' },
  name: 'nightly-2025-01-10',
  status: 'completed',
  size_mb: 7900,
  created_at: '2025-01-10T02:00:00Z',
  description: 'Nightly snapshot',
} satisfies Snapshot;
const API_SERVER = { id: 23456, name: 'api-server-01', disk_used_mb: 8192 };
const FLAKY_SERVER_ID = 23457;

// Checked by the compiler: `success` gives each operation's own success body type.
export type SuccessIsTheBody = [
  Expect<Equal<Data<Awaited<ReturnType<typeof listSnapshots<false>>>>, SnapshotList>>,
  Expect<Equal<Data<Awaited<ReturnType<typeof createSnapshot<false>>>>, SnapshotCreated>>,
  Expect<Equal<Data<Awaited<ReturnType<typeof restoreSnapshot<false>>>>, RestoreResult>>,
];

async function listOf(client: Client, serverId: number): Promise<SnapshotList> {
  const list: SnapshotList = success(
    await listSnapshots({ client, query: { server_id: serverId } }),
    200,
  );
  assert.equal(list.count, list.results.length);
  return list;
}

/** Creates snapshot `name` of server `serverId` (a 201), as `client`'s account. */
async function createOn(
  client: Client,
  serverId: number,
  name: string,
): Promise<SnapshotCreated> {
  return success(await createSnapshot({ client, body: { server_id: serverId, name } }), 201);
}

function assertNewestFirst(snapshots: readonly Snapshot[]): void {
  const keys = snapshots.map((snapshot) => [snapshot.created_at, snapshot.id] as const);
  const sorted = [...keys].sort(([at1, id1], [at2, id2]) =>
    at1 === at2 ? id2 - id1 : at2.localeCompare(at1),
  );
  assert.deepEqual(keys, sorted, 'newest first: by created_at, then by id, both descending');
}

describe('listSnapshots over HTTP', () => {
  test('with server_id: that server’s snapshots, the page’s two exactly as printed', async () => {
    const result = await listSnapshots({ client: pageAccount, query: { server_id: 12345 } });

    // Checked by the compiler: data is the list, or undefined until the error is ruled out.
    type DataIsTheList = Expect<Equal<typeof result.data, SnapshotList | undefined>>;
    if (result.error) {
      assert.fail(`listSnapshots failed: ${JSON.stringify(result.error)}`);
    }
    const list: SnapshotList = result.data;
    assert.equal(result.response?.status, 200);
    assert.deepEqual(list, { count: 2, results: PAGE_SNAPSHOTS } satisfies SnapshotList);
  });

  test('without server_id: every server of the account, newest first, none of another’s', async () => {
    const list: SnapshotList = success(await listSnapshots({ client: pageAccount }), 200);

    assert.equal(list.count, list.results.length);
    for (const snapshot of list.results) {
      assert.ok(PAGE_SERVERS.includes(snapshot.server.id), JSON.stringify(snapshot));
    }
    assertNewestFirst(list.results);
    assert.deepEqual(list.results, [...PAGE_SNAPSHOTS, SUSPENDED_SERVER_SNAPSHOT]);
  });
});

describe('createSnapshot over HTTP', () => {
  test('answers 201 with the new SnapshotCreated, which the list then shows', async () => {
    const body = { server_id: API_SERVER.id, name: 'ts-create', description: 'Made by the SDK tests' };

    const created: SnapshotCreated = success(
      await createSnapshot({ client: otherAccount, body }),
      201,
    );

    // The seed's ids end at 801, and an id is never given twice.
    assert.ok(Number.isSafeInteger(created.id) && created.id > 801, String(created.id));
    assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(created, {
      id: created.id,
      server: { id: API_SERVER.id, name: API_SERVER.name },
      name: 'ts-create',
      // A new snapshot is in progress, with no size yet.
      status: 'in_progress',
      size_mb: null,
      created_at: created.created_at,
      description: 'Made by the SDK tests',
      message: snapshotCreated.message,
    } satisfies SnapshotCreated);
    const { message: _, ...snapshot } = created;
    const listed = (await listOf(otherAccount, API_SERVER.id)).results;
    // The mock's snapshots take no time here: the list finds it completed, its size being its
    // server's used disk.
    assert.deepEqual(listed.find((each) => each.id === created.id), {
      ...snapshot,
      status: 'completed',
      size_mb: API_SERVER.disk_used_mb,
    } satisfies Snapshot);
    assertNewestFirst(listed);
  });

  test('the 6th snapshot of a server is refused: 400 snapshot_limit_reached, nothing stored', async () => {
    // Whatever their status: this server's snapshots all end failed, and still count.
    const before = (await listOf(otherAccount, FLAKY_SERVER_ID)).count;
    for (let n = before + 1; n <= SNAPSHOT_LIMIT; n += 1) {
      const created = await createOn(otherAccount, FLAKY_SERVER_ID, `ts-limit-${n}`);
      assert.equal(created.status, 'in_progress');
      assert.equal(created.size_mb, null);
    }
    const filled = await listOf(otherAccount, FLAKY_SERVER_ID);
    const made = filled.results.filter((snapshot) => snapshot.name.startsWith('ts-limit-'));
    assert.ok(made.length > 0 && made.every((snapshot) => snapshot.status === 'failed'));

    const sixth = await createSnapshot({
      client: otherAccount,
      body: { server_id: FLAKY_SERVER_ID, name: 'ts-limit-6' },
    });

    const error = refusal(sixth, 400, 'snapshot_limit_reached');
    // Narrowed to the one code, as a caller's `if (code === 'snapshot_limit_reached')` narrows it.
    const code: 'snapshot_limit_reached' = error.error.code;
    void code;
    const after = await listOf(otherAccount, FLAKY_SERVER_ID);
    assert.equal(after.count, SNAPSHOT_LIMIT);
    assert.ok(!after.results.some((snapshot) => snapshot.name === 'ts-limit-6'));
  });
});

describe('restoreSnapshot over HTTP', () => {
  test('restoring the page’s completed snapshot 801 answers the page’s RestoreResult', async () => {
    const restored: RestoreResult = success(
      await restoreSnapshot({ client: pageAccount, path: { snapshot_id: 801 } }),
      200,
    );

    assert.deepEqual(restored, restoreResult);
    assert.equal(restored.server.status, 'restoring');
  });

  test('a snapshot just created can be restored at once: the server is restoring', async () => {
    const created = await createOn(otherAccount, API_SERVER.id, 'ts-restore');

    const result = await restoreSnapshot({ client: otherAccount, path: { snapshot_id: created.id } });

    const restored: RestoreResult = success(result, 200);
    assert.deepEqual(restored, {
      status: 'success',
      message: restoreResult.message,
      snapshot: { id: created.id, name: 'ts-restore', created_at: created.created_at },
      server: { id: API_SERVER.id, name: API_SERVER.name, status: 'restoring' },
    } satisfies RestoreResult);
  });
});

describe('deleteSnapshot over HTTP', () => {
  test('answers 204, and a second delete of the same snapshot 404 snapshot_not_found', async () => {
    const created = await createOn(otherAccount, API_SERVER.id, 'ts-delete');
    const path = { snapshot_id: created.id };

    const deleted = await deleteSnapshot({ client: otherAccount, path });
    const again = await deleteSnapshot({ client: otherAccount, path });

    assert.equal(deleted.error, undefined);
    assert.equal(deleted.response?.status, 204);
    refusal(again, 404, 'snapshot_not_found');
    const listed = (await listOf(otherAccount, API_SERVER.id)).results;
    assert.ok(!listed.some((snapshot) => snapshot.id === created.id));
  });
});

describe('authentication and accounts over HTTP', () => {
  test('a wrong token, or none, is refused: 401 unauthorized', async () => {
    const wrong = createClient(createConfig({ baseUrl: mockUrl(), auth: 'NOT_A_TOKEN' }));
    const anonymous = createClient(createConfig({ baseUrl: mockUrl() }));

    refusal(await listSnapshots({ client: wrong }), 401, 'unauthorized');
    refusal(await listSnapshots({ client: anonymous }), 401, 'unauthorized');
    refusal(
      await createSnapshot({ client: wrong, body: { server_id: 12345, name: 'never-stored' } }),
      401,
      'unauthorized',
    );
  });

  test('another account’s snapshot is a 404 snapshot_not_found, exactly like a missing one', async () => {
    const theirs = { snapshot_id: OTHER_ACCOUNT_SNAPSHOT.id };
    const missing = { snapshot_id: 999_999 };
    // The error body with the id taken out of its message.
    const unnamed = (error: ApiError, path: { snapshot_id: number }): ApiError => ({
      error: { ...error.error, message: error.error.message.replaceAll(String(path.snapshot_id), 'ID') },
    });

    for (const call of [restoreSnapshot, deleteSnapshot]) {
      const refused = refusal(await call({ client: pageAccount, path: theirs }), 404, 'snapshot_not_found');
      const absent = refusal(await call({ client: pageAccount, path: missing }), 404, 'snapshot_not_found');
      // The same answer, so that nothing leaks about other accounts.
      assert.deepEqual(unnamed(refused, theirs), unnamed(absent, missing));
    }
    // Its server's list is empty to this account, and the snapshot is still there for its owner.
    const serverId = OTHER_ACCOUNT_SNAPSHOT.server.id;
    assert.deepEqual(await listOf(pageAccount, serverId), { count: 0, results: [] });
    const owners = (await listOf(otherAccount, serverId)).results;
    assert.deepEqual(owners.find((each) => each.id === OTHER_ACCOUNT_SNAPSHOT.id), OTHER_ACCOUNT_SNAPSHOT);
  });
});
