// A mock server of its own for the layer's tests, started with the opt-in misbehaviour
// (snapshots-mock --misbehaviour; docs/mock.md): the rules it arms answer every matching request,
// so they must not reach the mock the other test files share. New snapshots take 1 s, so that a
// wait has something to wait for. The `snapshots-mock` command is the one of the nox session's
// environment (on PATH while the session runs).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PATH = '/_mock/misbehaviour';
export const SNAPSHOT_SECONDS = 1;

export interface Rule {
  answer: 'rate_limited' | 'unavailable' | 'html' | 'unknown_code' | 'slow' | 'no_answer';
  method?: string;
  path?: string;
  times?: number;
  retry_after?: number;
  status?: number;
  delay?: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export class MisbehavingMock {
  private constructor(
    readonly url: string,
    private readonly process: ChildProcess,
    private readonly directory: string,
  ) {}

  static async start(): Promise<MisbehavingMock> {
    const directory = mkdtempSync(join(tmpdir(), 'misbehaving-mock-'));
    const port = await freePort();
    const child = spawn(
      'snapshots-mock',
      [
        '--misbehaviour',
        '--port',
        String(port),
        '--database-url',
        `sqlite:///${join(directory, 'mock.sqlite3')}`,
        '--snapshot-seconds',
        String(SNAPSHOT_SECONDS),
        '--restore-seconds',
        '0',
        '--no-access-log',
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const mock = new MisbehavingMock(`http://127.0.0.1:${port}`, child, directory);
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`snapshots-mock exited with ${child.exitCode}`);
      try {
        await fetch(`${mock.url}/`);
        return mock;
      } catch {
        if (Date.now() > deadline) throw new Error('snapshots-mock --misbehaviour did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The next matching requests (`times`, 1 by default) get `rule.answer`. */
  async arm(rule: Rule): Promise<void> {
    const answer = await fetch(this.url + ADMIN_PATH, { method: 'POST', body: JSON.stringify(rule) });
    if (answer.status !== 201) throw new Error(`arming ${JSON.stringify(rule)}: ${answer.status} ${await answer.text()}`);
  }

  /** The rules still armed, with what each has left. */
  async armed(): Promise<Array<Required<Rule>>> {
    return (await (await fetch(this.url + ADMIN_PATH)).json()) as Array<Required<Rule>>;
  }

  async disarm(): Promise<void> {
    await fetch(this.url + ADMIN_PATH, { method: 'DELETE' });
  }

  async stop(): Promise<void> {
    const ended = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGINT');
    await ended;
    rmSync(this.directory, { recursive: true, force: true });
  }
}
