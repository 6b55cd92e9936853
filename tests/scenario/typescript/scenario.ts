// The shared scenario's TypeScript program: the generated client, installed from its packed
// tarball, walks the steps in the file named by its argument against $SNAPSHOTS_MOCK_URL and
// prints one JSON line per step (tests/scenario/steps.py says what they hold). The steps marked
// `layer` go through the package's SnapshotsClient instead.

import { readFileSync } from 'node:fs';

import {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  MalformedResponseError,
  restoreSnapshot,
  SnapshotFailedError,
  SnapshotGoneError,
  SnapshotsClient,
  UndocumentedStatusError,
  WaitDeadlineError,
} from '@vps-org/snapshots-client';
import { createClient, createConfig } from '@vps-org/snapshots-client/client';

interface Step {
  id: string;
  call: string;
  token: string;
  server_id?: number;
  name?: string;
  save?: string;
  snapshot?: string;
  snapshot_id?: number;
  layer?: boolean;
  arm?: unknown;
}

interface Answer {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

function errorCode(error: unknown): string | null {
  const body = error as { error?: { code?: string } } | undefined;
  return body?.error?.code ?? null;
}

async function call(step: Step, saved: Map<string, number>, baseUrl: string): Promise<Answer> {
  const client = createClient(createConfig({ baseUrl, auth: step.token }));
  const snapshotId = step.snapshot !== undefined ? saved.get(step.snapshot) : step.snapshot_id;
  switch (step.call) {
    case 'listSnapshots':
      return listSnapshots({ client, query: { server_id: step.server_id } });
    case 'createSnapshot': {
      const answer = await createSnapshot({
        client,
        body: { server_id: step.server_id ?? 0, name: step.name ?? '' },
      });
      if (answer.data !== undefined && step.save !== undefined) {
        saved.set(step.save, answer.data.id);
      }
      return answer;
    }
    case 'restoreSnapshot':
      return restoreSnapshot({ client, path: { snapshot_id: snapshotId ?? 0 } });
    case 'deleteSnapshot':
      return deleteSnapshot({ client, path: { snapshot_id: snapshotId ?? 0 } });
    default:
      throw new Error(`unknown call ${step.call}`);
  }
}

// The neutral names of the layer's errors, most specific first.
const KINDS: [new (...args: never[]) => Error, string][] = [
  [MalformedResponseError, 'malformed_response'],
  [UndocumentedStatusError, 'undocumented_status'],
  [APIStatusError, 'status'],
  [APITimeoutError, 'timeout'],
  [APIConnectionError, 'connection'],
  [SnapshotFailedError, 'snapshot_failed'],
  [SnapshotGoneError, 'snapshot_gone'],
  [WaitDeadlineError, 'wait_deadline'],
];

async function admin(baseUrl: string, method: string, rule?: unknown): Promise<string> {
  const init: RequestInit = rule === undefined ? { method } : { method, body: JSON.stringify(rule) };
  const response = await fetch(`${baseUrl}/_mock/misbehaviour`, init);
  if (!response.ok) throw new Error(`${method} /_mock/misbehaviour: ${response.status}`);
  return response.text();
}

async function runLayer(step: Step, saved: Map<string, number>, baseUrl: string): Promise<Record<string, unknown>> {
  const outcome: Record<string, unknown> = { id: step.id, error: 'none' };
  const snapshotId = (step.snapshot !== undefined ? saved.get(step.snapshot) : step.snapshot_id) ?? 0;
  if (step.arm !== undefined) await admin(baseUrl, 'POST', step.arm);
  const client = new SnapshotsClient({ token: step.token, baseUrl });
  try {
    switch (step.call) {
      case 'listSnapshots':
        outcome['count'] = (await client.listSnapshots(step.server_id)).results.length;
        break;
      case 'createSnapshot': {
        const created = await client.createSnapshot({ server_id: step.server_id ?? 0, name: step.name ?? '' });
        if (step.save !== undefined) saved.set(step.save, created.id);
        break;
      }
      case 'deleteSnapshot':
        await client.deleteSnapshot(snapshotId);
        break;
      case 'waitForSnapshot': {
        const options = step.server_id === undefined ? {} : { serverId: step.server_id };
        outcome['state'] = (await client.waitForSnapshot(snapshotId, options)).status;
        break;
      }
      default:
        throw new Error(`unknown call ${step.call}`);
    }
  } catch (error) {
    const kind = KINDS.find(([type]) => error instanceof type);
    if (kind === undefined) throw error;
    outcome['error'] = kind[1];
    if (error instanceof APIStatusError) {
      outcome['status'] = error.status;
      outcome['code'] = error.code ?? null;
    }
  }
  if (step.arm !== undefined) {
    outcome['rules'] = await admin(baseUrl, 'GET');
    await admin(baseUrl, 'DELETE');
  }
  return outcome;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  const baseUrl = process.env['SNAPSHOTS_MOCK_URL'];
  if (path === undefined || baseUrl === undefined) {
    throw new Error('usage: SNAPSHOTS_MOCK_URL=... node scenario.js STEPS.json');
  }
  const { steps } = JSON.parse(readFileSync(path, 'utf8')) as { steps: Step[] };
  const saved = new Map<string, number>();
  for (const step of steps) {
    if (step.layer === true) {
      console.log(JSON.stringify(await runLayer(step, saved, baseUrl)));
      continue;
    }
    const answer = await call(step, saved, baseUrl);
    const results = (answer.data as { results?: unknown[] } | undefined)?.results;
    const outcome = {
      id: step.id,
      status: answer.response?.status ?? 0,
      code: answer.error === undefined ? null : errorCode(answer.error),
      count: step.call === 'listSnapshots' && results !== undefined ? results.length : null,
    };
    console.log(JSON.stringify(outcome));
  }
}

await main();
