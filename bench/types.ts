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
 * through the HTTP API); `request` and `followUps` run in the load-generator process, so the state
 * `setup` returns must survive JSON (it is sent over IPC). Each measured run gets a fresh `setup`.
 *
 * Throughput and latency are per operation: one request, or — with `followUps` — a sequence of
 * requests sent one after the other on one connection (a checkout: the order, then its payment).
 */
export interface Scenario<S = unknown> {
  name: string;
  /** What the throughput counts, for the table: "req/s" when absent. */
  unit?: string;
  /** Concurrent connections to measure at; the runner's default when absent. */
  connections?: readonly number[];
  setup(api: Api): Promise<S>;
  /** Called once per run; the function it returns is called for every operation's first request. */
  request(state: S): () => HttpRequest;
  /**
   * Called once per run: the requests that follow `request` in each operation, in order. Each is
   * built from the JSON body of the 2xx response before it; after a response that is not 2xx the
   * operation is abandoned (the connection starts the next one) and not counted.
   */
  followUps?(state: S): ((previous: any) => HttpRequest)[];
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
  /** Operations whose last request was answered (any status): for one-request scenarios, responses. */
  operations: number;
  /** Operations abandoned after a response that was not 2xx, before their last request. */
  abandoned: number;
  seconds: number;
  operationsPerSecond: number;
  /** Latency of an operation: the sum of its requests' latencies (each from write to last byte). */
  p50Ms: number;
  p99Ms: number;
  /** Responses (of any request of an operation) with a status that is not 2xx. */
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Responses by status code, e.g. { "201": 812 }. */
  statusCodes: Record<string, number>;
}

export type LoadReply = { ok: true; measurement: Measurement } | { ok: false; error: string };
