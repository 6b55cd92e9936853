// The package's README example is real code: it is taken from the README inside the installed
// package (so from what `npm pack` shipped) and compiled with the tests' strict settings against
// the package's own type declarations. Its run against the mock server comes with the mock tests.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

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

test('the README example compiles, strictly, against the packed package', () => {
  const compiled = compileReadmeExample();
  const source = readFileSync(compiled, 'utf8');
  assert.match(source, /from '@vps-org\/snapshots-client'/);
});
