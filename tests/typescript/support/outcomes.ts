// Checks of what an SDK call resolved to, typed as the SDK types it: the body of a success, or
// the error body of a refusal with its code narrowed to the one expected.

import assert from 'node:assert/strict';

import type { ApiError, ErrorCode } from '@vps-org/snapshots-client';

/** What every SDK call resolves to without `throwOnError`: data or error, never both. */
export type Outcome<T> = ({ data: T; error: undefined } | { data: undefined; error: ApiError }) & {
  response?: Response;
};

/** An error body whose code is `C`. */
export type Refusal<C extends ErrorCode> = ApiError & { error: { code: C } };

/** The type of the success body in an outcome type: `SnapshotList` for `listSnapshots`... */
export type Data<R> = Extract<R, { error: undefined }> extends { data: infer T } ? T : never;

/** The success body of `outcome`, after checking its HTTP status. */
export function success<R extends Outcome<unknown>>(outcome: R, status: number): Data<R> {
  if (outcome.error !== undefined) {
    assert.fail(`expected a ${status}, got ${outcome.response?.status}: ${JSON.stringify(outcome.error)}`);
  }
  assert.equal(outcome.response?.status, status);
  // The error is ruled out, so this is the success body; TypeScript does not narrow a union
  // held in a type parameter, hence the assertion (its result type is pinned in mock.test.ts).
  return outcome.data as Data<R>;
}

/** The error body of `outcome`, after checking its HTTP status and error code. */
export function refusal<C extends ErrorCode>(
  outcome: Outcome<unknown>,
  status: number,
  code: C,
): Refusal<C> {
  assert.equal(outcome.response?.status, status, JSON.stringify(outcome.error ?? outcome.data));
  assert.equal(outcome.data, undefined);
  const error = outcome.error;
  assert.ok(error !== undefined, 'a refusal without an error body');
  assert.ok(hasCode(error, code), `expected ${code}, got ${JSON.stringify(error)}`);
  assert.equal(typeof error.error.message, 'string');
  assert.ok(Array.isArray(error.error.details));
  return error;
}

function hasCode<C extends ErrorCode>(error: ApiError, code: C): error is Refusal<C> {
  return error.error.code === code;
}
