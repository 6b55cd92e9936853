// Written by scripts/targets/typescript.py from openapi/openapi.yaml: the facts of the
// document that the hand-written layer reads. Never edit it by hand.

import type { ErrorCode } from '../types.gen.js';

export const DEFAULT_BASE_URL = 'https://admin.vps.org';

/** The document's closed list of error codes (a newer server may send others). */
export const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_parameters',
  'snapshot_limit_reached',
  'duplicate_snapshot_name',
  'invalid_state',
  'unauthorized',
  'server_not_found',
  'snapshot_not_found',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'request_timeout',
  'request_header_fields_too_large',
  'service_unavailable',
];

// Each call's method, path template and documented statuses.
const STATUSES: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ['GET', '/api/v1/snapshots/', [200, 400, 401, 408, 431, 503]],
  ['POST', '/api/v1/snapshots/', [201, 400, 401, 404, 408, 413, 415, 431, 503]],
  ['DELETE', '/api/v1/snapshots/{snapshot_id}/', [204, 400, 401, 404, 408, 431, 503]],
  ['POST', '/api/v1/snapshots/{snapshot_id}/restore/', [200, 400, 401, 404, 408, 431, 503]],
];

const PATTERNS = STATUSES.map(([method, path, codes]) => {
  const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/]+?\}/g, '[^/]+');
  return [method, new RegExp(`${pattern}$`), codes] as const;
});

/** The statuses the document lists for a call, or undefined for a path it does not know. */
export function documentedStatuses(method: string, pathname: string): readonly number[] | undefined {
  return PATTERNS.find(([m, pattern]) => m === method && pattern.test(pathname))?.[2];
}
