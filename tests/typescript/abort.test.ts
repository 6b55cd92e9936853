// A timed-out attempt is aborted for certain, even when garbage collection runs while it waits
// (issue 24): on Node 20 a `new Request(request.clone(), { signal })` loses the link from its
// signal to the fetch once collected (nodejs/undici#4068, nodejs/node#55428), so the timeout
// fired and nothing was aborted; the call never ended. The server here accepts connections and
// never answers; the timeout (2 s) is long enough for the collections forced meanwhile. The last
// test holds the call's total timeout to an answer whose body stalls after its headers.

import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { APITimeoutError, NO_RETRIES, SnapshotsClient } from '@vps-org/snapshots-client';

import { PAGE_ACCOUNT_TOKEN } from './support/mock-server.js';

// `node --expose-gc` without changing how node --test starts this file: the flag set at run
// time exposes `gc` in each new context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TIMEOUT_MS = 2_000;
// Far longer than the timeout: only a call that never ends reaches it.
const HANG_MS = 20_000;

let server: Server;
let url: string;
const sockets: Socket[] = [];
const connections: Socket[] = [];

before(async () => {
  server = createServer((socket) => {
    // Read the request, never answer. (Only the connections a request came on count: undici
    // may open a spare one after an abort.)
    connections.push(socket);
    socket.once('data', () => sockets.push(socket));
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  url = `http://127.0.0.1:${address.port}`;
});

after(async () => {
  for (const socket of connections) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** `promise`, or a rejection naming a hang once `ms` pass. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms: the attempt was never aborted`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

for (const [name, call] of [
  ['a GET', (client: SnapshotsClient) => client.listSnapshots(12345)],
  ['a POST with a body', (client: SnapshotsClient) => client.createSnapshot({ server_id: 12345, name: 'gc' })],
] as const) {
  test(`${name} times out and its connection is closed while garbage is collected`, async () => {
    const client = new SnapshotsClient({ baseUrl: url, token: PAGE_ACCOUNT_TOKEN, timeoutMs: TIMEOUT_MS, retry: NO_RETRIES });
    const before = sockets.length;
    const collecting = setInterval(gc, 50);
    try {
      await within(
        assert.rejects(call(client), (error) => error instanceof APITimeoutError),
        HANG_MS,
      );
    } finally {
      clearInterval(collecting);
    }
    const opened = sockets.slice(before);
    assert.equal(opened.length, 1);
    // Aborted, not merely given up on: the client closed its connection.
    await within(
      new Promise<void>((resolve) => (opened[0]?.closed === true ? resolve() : opened[0]?.once('close', () => resolve()))),
      HANG_MS,
    );
  });
}

test("an answer whose body stalls ends at the call's total timeout, its connection closed", async () => {
  // Headers at once, then the start of the body and nothing more: each attempt may take 5 s,
  // the call 1 s, so only the total ends it.
  const stalled: Socket[] = [];
  const stalling = createServer((socket) => {
    stalled.push(socket);
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"count"');
    });
  });
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
  const address = stalling.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const client = new SnapshotsClient({
    baseUrl: `http://127.0.0.1:${address.port}`,
    token: PAGE_ACCOUNT_TOKEN,
    timeoutMs: 5_000,
    totalTimeoutMs: 1_000,
    retry: NO_RETRIES,
  });
  const collecting = setInterval(gc, 50);
  try {
    await within(
      assert.rejects(client.listSnapshots(12345), (error) => error instanceof APITimeoutError && /total timeout of 1000 ms/.test(error.message)),
      HANG_MS,
    );
    await within(
      new Promise<void>((resolve) => (stalled[0]?.closed === true ? resolve() : stalled[0]?.once('close', () => resolve()))),
      HANG_MS,
    );
  } finally {
    clearInterval(collecting);
    for (const socket of stalled) socket.destroy();
    await new Promise<void>((resolve) => stalling.close(() => resolve()));
  }
});
