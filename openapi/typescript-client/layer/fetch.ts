// Hand-written layer of the TypeScript client (copied into src/layer/ at each regeneration):
// a `fetch` for the generated functions that times out each attempt, retries what is safe to
// repeat, and turns every answer that is not a documented success into a typed error, so that
// the generated code only ever sees the answers it was written for.
//
// Written by hand: the generated fetch client (@hey-api/client-fetch) has no retries or
// timeouts, and the rule of what may be repeated is this API's (a create or a restore that may
// have reached the server is never sent again).

import { documentedStatuses } from './documented.js';
import {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  MalformedResponseError,
  type StatusErrorFields,
  UndocumentedStatusError,
} from './errors.js';
import type { ErrorDetail } from '../types.gen.js';

/** Where the layer logs each retry; `console` works. Silent by default. */
export interface Logger {
  debug(message: string): void;
}

/**
 * When and how often a call is sent again. A GET or DELETE is retried after a network error, a
 * timeout, or one of `statuses` (429 and 503); a POST (create, restore) never once it may have
 * been sent (fetch cannot tell a refused connection from a lost answer). The wait before retry n
 * (from 0) is min(backoffMaxMs, backoffInitialMs * backoffMultiplier ** n), less up to `jitter`
 * of it at random; a Retry-After header replaces it, and one longer than retryAfterMaxMs ends
 * the retries (the error is thrown at once).
 */
export interface RetryPolicy {
  maxRetries: number;
  backoffInitialMs: number;
  backoffMultiplier: number;
  backoffMaxMs: number;
  jitter: number;
  retryAfterMaxMs: number;
  statuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 3,
  backoffInitialMs: 500,
  backoffMultiplier: 2,
  backoffMaxMs: 8_000,
  jitter: 0.5,
  retryAfterMaxMs: 60_000,
  statuses: [429, 503],
});

/** A policy that never retries: pass `retry: NO_RETRIES` to switch retries off. */
export const NO_RETRIES: Readonly<RetryPolicy> = Object.freeze({ ...DEFAULT_RETRY_POLICY, maxRetries: 0 });

/** 30 s for each attempt of a call, from sending it to the end of the answer's body. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * 90 s for a whole call: every attempt, every wait between them. Each attempt's timeout is cut
 * to what is left of it, and a retry whose wait would end after it is not made (the last error
 * is thrown at once), so a call never takes longer: against a server that never answers, the
 * default call ends with an APITimeoutError after 90 s (attempts of 30 s, 30 s and the 29-30 s
 * left after two backoffs).
 */
export const DEFAULT_TOTAL_TIMEOUT_MS = 90_000;

/** What one call's fetch does. */
export interface FetchOptions {
  timeoutMs: number;
  totalTimeoutMs: number;
  retry: Readonly<RetryPolicy>;
  logger?: Logger | undefined;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function backoffMs(policy: Readonly<RetryPolicy>, retry: number): number {
  const base = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * policy.backoffMultiplier ** retry);
  return base * (1 - policy.jitter * Math.random());
}

/** A Retry-After header's wait in milliseconds (delay-seconds or an HTTP date), if valid. */
export function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt's abort: the caller's signal, and a timer of `ms`. `done` rejects when either
 * fires, so that an attempt ends at its timeout even if the abort never reached the fetch
 * underneath (Node 20's fetch lost it after a garbage collection: nodejs/undici#4068), and holds
 * the controller for as long as the attempt runs. (AbortSignal.any needs Node 20.3.)
 */
function attemptSignal(caller: AbortSignal | null, ms: number): { signal: AbortSignal; done: Promise<never>; timedOut(): boolean; end(): void } {
  const controller = new AbortController();
  let timedOut = false;
  let fail: (reason: unknown) => void = () => undefined;
  const done = new Promise<never>((_, reject) => {
    fail = reject;
  });
  done.catch(() => undefined); // settled by the race below, or by no one once the attempt ends
  const abort = (reason: unknown): void => {
    controller.abort(reason);
    fail(reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  const onAbort = (): void => abort(caller?.reason);
  if (caller?.aborted) abort(caller.reason);
  else caller?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done,
    timedOut: () => timedOut,
    end: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Send `request` once with `signal`. Its fields go in fetch's init rather than in a new Request
 * wrapping a clone: that wrapping is what lost the signal (see attemptSignal).
 */
async function send(inner: typeof fetch, request: Request, body: ArrayBuffer | undefined, signal: AbortSignal): Promise<Response> {
  return inner(request.url, {
    method: request.method,
    headers: request.headers,
    body: body ?? null,
    signal,
    redirect: request.redirect,
    credentials: request.credentials,
    cache: request.cache,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
    mode: request.mode,
  });
}

function errorBody(text: string): { code: string; message: string; details: ErrorDetail[] } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details = [] } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string' || !Array.isArray(details)) return undefined;
  const valid = details.every(
    (d: unknown) =>
      typeof d === 'object' && d !== null && typeof (d as ErrorDetail).field === 'string' && typeof (d as ErrorDetail).message === 'string',
  );
  return valid ? { code, message, details: details as ErrorDetail[] } : undefined;
}

/** The typed error `response` (its body already read into `text`) is, or undefined for a documented success. */
export function errorForResponse(method: string, url: string, response: Response, text: string): APIStatusError | undefined {
  const documented = documentedStatuses(method, new URL(url).pathname);
  const isDocumented = documented === undefined || documented.includes(response.status);
  const base = { status: response.status, headers: response.headers, body: text, method, url };
  const blank: StatusErrorFields = { ...base, code: undefined, message: '', details: [] };
  if (response.ok) {
    if (response.status !== 204 && text !== '') {
      try {
        JSON.parse(text);
      } catch {
        return new MalformedResponseError(blank);
      }
    }
    return isDocumented ? undefined : new UndocumentedStatusError(blank);
  }
  const parsed = errorBody(text);
  if (parsed === undefined) return new MalformedResponseError(blank);
  const fields: StatusErrorFields = { ...base, ...parsed };
  return isDocumented ? new APIStatusError(fields) : new UndocumentedStatusError(fields);
}

/** A fetch with `options`' timeouts and retries that throws typed errors (see the module's comment). */
export function layerFetch(options: FetchOptions, inner: typeof fetch = globalThis.fetch): typeof fetch {
  const { retry: policy, timeoutMs, totalTimeoutMs, logger } = options;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const deadline = Date.now() + totalTimeoutMs;
    const request = new Request(input, init);
    const { method, url } = request;
    const body = request.body === null ? undefined : await request.arrayBuffer();
    for (let retry = 0; ; retry += 1) {
      const left = deadline - Date.now();
      // The attempt gets what is left of the call's total timeout if that is shorter.
      const attemptMs = Math.max(0, Math.min(timeoutMs, left));
      const cut = attemptMs < timeoutMs;
      const attempt = attemptSignal(request.signal, attemptMs);
      let delay: number | undefined;
      let failure: Error;
      let cause: string;
      try {
        const answer = (async () => {
          const response = await send(inner, request, body, attempt.signal);
          return { response, text: await response.text() };
        })();
        const { response, text } = await Promise.race([answer, attempt.done]);
        const error = errorForResponse(method, url, response, text);
        if (error === undefined) {
          const answerBody = response.status === 204 || response.status === 205 ? null : text;
          return new Response(answerBody, { status: response.status, statusText: response.statusText, headers: response.headers });
        }
        if (retry < policy.maxRetries && IDEMPOTENT.has(method) && policy.statuses.includes(response.status)) {
          const named = retryAfterMs(response.headers.get('retry-after'));
          delay = named === undefined ? backoffMs(policy, retry) : named <= policy.retryAfterMaxMs ? named : undefined;
        }
        failure = error;
        cause = `status ${response.status}`;
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason; // the caller's own abort
        const timedOut = attempt.timedOut();
        if (retry < policy.maxRetries && IDEMPOTENT.has(method)) delay = backoffMs(policy, retry);
        if (timedOut) {
          const within = cut ? `the call's total timeout of ${totalTimeoutMs} ms` : `${timeoutMs} ms`;
          failure = new APITimeoutError(`${method} ${url}: no answer within ${within}`, method, url, { cause: error });
          cause = 'a timeout';
        } else {
          failure = new APIConnectionError(`${method} ${url}: ${String(error)}`, method, url, { cause: error });
          cause = `a network error (${String(error)})`;
        }
      } finally {
        attempt.end();
      }
      // No retry whose wait would end after the call's total timeout: the error now instead.
      if (delay === undefined || Date.now() + delay >= deadline) throw failure;
      logger?.debug(`retrying ${method} ${url} after ${cause} (retry ${retry + 1} of ${policy.maxRetries}) in ${(delay / 1000).toFixed(2)} s`);
      await sleep(delay, request.signal);
    }
  };
}
