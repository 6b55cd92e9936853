// The package's README example is real code: it is taken from the README inside the installed
// package (so from what `npm pack` shipped), compiled with the tests' strict settings against
// the package's own type declarations, and run against the mock server, as a user runs it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { listSnapshots } from '@vps-org/snapshots-client';

import { mockClient, mockUrl, PAGE_ACCOUNT_TOKEN } from './support/mock-server.js';

const require = createRequire(import.meta.url);
const PACKAGE_JSON = require.resolve('@vps-org/snapshots-client/package.json');
const TSC = require.resolve('typescript/bin/tsc');
// The compiled test runs from build/; the example is written beside it, under the tests'
// folder, so that it resolves the installed package and is an ES module like the tests.
const EXAMPLE_DIR = fileURLToPath(new URL('./readme-example/', import.meta.url));

/** The README's TypeScript examples: the contents of its ```ts fenced blocks. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

/** Writes the README's example to EXAMPLE_DIR and compiles it; returns the compiled file. */
export function compileReadmeExample(): string {
  const readme = readFileSync(join(dirname(PACKAGE_JSON), 'README.md'), 'utf8');
  const blocks = typescriptBlocks(readme);
  assert.equal(blocks.length, 1, 'the README has exactly one TypeScript example');
  rmSync(EXAMPLE_DIR, { recursive: true, force: true });
  mkdirSync(EXAMPLE_DIR, { recursive: true });
  writeFileSync(join(EXAMPLE_DIR, 'example.ts'), blocks[0]!);
  writeFileSync(
    join(EXAMPLE_DIR, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { rootDir: '.', outDir: 'dist' },
      include: ['example.ts'],
    }),
  );
  const tsc = spawnSync(process.execPath, [TSC, '-p', EXAMPLE_DIR], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `the README example does not compile:\n${tsc.stdout}${tsc.stderr}`);
  return join(EXAMPLE_DIR, 'dist', 'example.js');
}

// Compiled once for both tests below (tsc takes seconds).
let compiled: string | undefined;
function compiledExample(): string {
  compiled ??= compileReadmeExample();
  return compiled;
}

// The seed's stopped server db-server-01 of the page's account: no other test writes to it (see
// mock.test.ts), so the example's output is known exactly.
const EXAMPLE_SERVER = { id: 12346, disk_used_mb: 20480 };

test('the README example compiles, strictly, against the packed package', () => {
  const source = readFileSync(compiledExample(), 'utf8');
  assert.match(source, /from '@vps-org\/snapshots-client'/);
});

test('the README example runs against the mock server: creates, is refused, waits, deletes', async () => {
  const run = spawnSync(process.execPath, [compiledExample()], {
    encoding: 'utf8',
    env: {
      ...process.env,
      VPS_API_URL: mockUrl(),
      VPS_API_TOKEN: PAGE_ACCOUNT_TOKEN,
      VPS_SERVER_ID: String(EXAMPLE_SERVER.id),
    },
  });

  assert.equal(run.status, 0, `the README example failed:\n${run.stdout}${run.stderr}`);
  assert.equal(run.stderr, '');
  const id = /^Snapshot (\d+) is /.exec(run.stdout)?.[1];
  assert.ok(id, run.stdout);
  assert.deepEqual(run.stdout.split('\n'), [
    // The 201 shows the new snapshot in progress; the mock's snapshots take no time in these
    // tests, so the next read finds it completed.
    `Snapshot ${id} is in_progress: Snapshot is being created. This may take 3-10 minutes depending on server size.`,
    'refused: 400 duplicate_snapshot_name',
    `${id} before-update completed ${EXAMPLE_SERVER.disk_used_mb}`,
    `Snapshot ${id} deleted`,
    '',
  ]);
  // It leaves the server as it found it.
  const after = await listSnapshots({
    client: mockClient(PAGE_ACCOUNT_TOKEN),
    query: { server_id: EXAMPLE_SERVER.id },
    throwOnError: true,
  });
  assert.deepEqual(after.data, { count: 0, results: [] });
});
