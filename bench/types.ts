// Types shared by the runner (bench/run.ts) and the load-generator process (bench/load-worker.ts).
import type { Api } from './api.ts';

/** One HTTP request the load generator sends. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  /** JSON text, when the request has a body. */
  body?: string;
}

/**
 * A benchmark scenario. `setup` and `check` run in the runner process (they seed and inspect
 * through the HTTP API); `request` runs in the load-generator process, so the state `setup`
 * returns must survive JSON (it is sent over IPC). Each measured run gets a fresh `setup`.
 */
export interface Scenario<S = unknown> {
  name: string;
  /** Concurrent connections to measure at; the runner's default when absent. */
  connections?: readonly number[];
  setup(api: Api): Promise<S>;
  /** Called once per run; the function it returns is called for every request. */
  request(state: S): () => HttpRequest;
  /** After the run: problems found (e.g. a broken audit chain), empty when all is well. */
  check?(api: Api, state: S): Promise<string[]>;
}

/** What the runner asks the load generator to do. */
export interface LoadJob {
  scenario: string;
  state: unknown;
  /** Base URL, http://127.0.0.1:<port>. */
  url: string;
  connections: number;
  seconds: number;
}

/** The figures of one autocannon run. */
export interface Measurement {
  /** Responses received (any status). */
  responses: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Responses by status code, e.g. { "201": 812 }. */
  statusCodes: Record<string, number>;
}

export type LoadReply = { ok: true; measurement: Measurement } | { ok: false; error: string };
