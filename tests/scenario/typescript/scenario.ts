// The shared scenario's TypeScript program: the generated client, installed from its packed
// tarball, walks the steps in the file named by its argument against $SNAPSHOTS_MOCK_URL and
// prints one JSON line per step (tests/scenario/steps.py says what they hold).

import { readFileSync } from 'node:fs';

import { createSnapshot, deleteSnapshot, listSnapshots, restoreSnapshot } from '@vps-org/snapshots-client';
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

async function main(): Promise<void> {
  const path = process.argv[2];
  const baseUrl = process.env['SNAPSHOTS_MOCK_URL'];
  if (path === undefined || baseUrl === undefined) {
    throw new Error('usage: SNAPSHOTS_MOCK_URL=... node scenario.js STEPS.json');
  }
  const { steps } = JSON.parse(readFileSync(path, 'utf8')) as { steps: Step[] };
  const saved = new Map<string, number>();
  for (const step of steps) {
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
