// Response bodies shaped as the OpenAPI document's examples; `satisfies` makes the compiler
// check each against the SDK's types, so a sample that drifts from the document fails to build.

import type { ApiError, RestoreResult, SnapshotCreated, SnapshotList } from '@vps-org/snapshots-client';

export const BASE_URL = 'http://snapshots.test';
export const TOKEN = 'token-of-account-1';

export const snapshotList = {
  count: 2,
  results: [
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
      status: 'failed',
      size_mb: null,
      created_at: '2025-01-08T12:00:00Z',
      description: null,
    },
  ],
} satisfies SnapshotList;

export const snapshotCreated = {
  id: 802,
  server: { id: 12345, name: 'web-server-01' },
  name: 'before-update-snapshot',
  status: 'in_progress',
  size_mb: null,
  created_at: '2025-01-16T16:15:00Z',
  description: 'Snapshot before system update',
  message: 'Snapshot is being created. This may take 3-10 minutes depending on server size.',
} satisfies SnapshotCreated;

export const restoreResult = {
  status: 'success',
  message: 'Server is being restored from snapshot. This may take 5-15 minutes.',
  snapshot: { id: 801, name: 'pre-migration-snapshot', created_at: '2025-01-15T18:30:00Z' },
  server: { id: 12345, name: 'web-server-01', status: 'restoring' },
} satisfies RestoreResult;

export function apiError(code: ApiError['error']['code'], message: string): ApiError {
  return { error: { code, message, details: [] } };
}
