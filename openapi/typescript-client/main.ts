// The package's entry (openapi/typescript-client/main.ts, copied by the toolkit's
// scripts/targets/typescript.py): the generated functions and types, and the hand-written layer
// (SnapshotsClient, typed errors, timeouts, retries, waitForSnapshot).

export * from './index.js';
export * from './layer/index.js';
