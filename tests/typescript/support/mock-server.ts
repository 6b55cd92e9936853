// The mock server the typescript nox session runs for these tests (scripts/with_mock.py): a
// real HTTP server on 127.0.0.1 with a fresh copy of the shipped seed data
// (snapshots_mock/seed_data.yaml), where snapshots complete right after their 201 and restores end
// at once (--snapshot-seconds 0 --restore-seconds 0), so no test waits. One mock serves every test
// file of the run, and nothing resets it between tests: each test that writes keeps to servers
// no other test writes to (mock.test.ts lists who uses which).

import type { Client } from '@vps-org/snapshots-client/client';
import { createClient, createConfig } from '@vps-org/snapshots-client/client';

/** The seed's account 1, the original page's own: servers 12345, 12346 and 12347. */
export const PAGE_ACCOUNT_TOKEN = 'YOUR_API_TOKEN';
/** The seed's account 2: servers 23456 and 23457. */
export const OTHER_ACCOUNT_TOKEN = 'OTHER_ACCOUNT_TOKEN';

/** The mock's base URL, as the nox session passes it. */
export function mockUrl(): string {
  const url = process.env['SNAPSHOTS_MOCK_URL'];
  if (!url) {
    throw new Error(
      'SNAPSHOTS_MOCK_URL is not set: run the tests with `python3 scripts/run_nox.py -s typescript`, ' +
        'which starts the mock server (or `python -m scripts.with_mock -- node --test ...`).',
    );
  }
  return url;
}

/** A client of the mock that sends `token`. */
export function mockClient(token: string): Client {
  return createClient(createConfig({ baseUrl: mockUrl(), auth: token }));
}
