// The load generator: a child process (started by bench/loadgen.ts) that runs autocannon, so the
// load does not compete with the server for one event loop. Runs one LoadJob at a time.
import autocannon from 'autocannon';
import { scenarios } from './scenarios.ts';
import type { LoadJob, LoadReply, Measurement } from './types.ts';

interface Fired {
  result: autocannon.Result;
  /** Latency of every completed operation, in milliseconds, unrounded. */
  latencies: number[];
  abandoned: number;
}

/** autocannon's per-connection context: the operation in progress on that connection. */
interface Operation {
  /** Milliseconds spent in its requests so far. */
  elapsedMs: number;
  /** The JSON body of its last 2xx response; undefined after one that was not 2xx. */
  previous: unknown;
}

/** The response autocannon has just parsed, handed from a request's onResponse to the 'response' event. */
interface Answered {
  operation: Operation;
  last: boolean;
  ok: boolean;
}

function fire(job: LoadJob): Promise<Fired> {
  const scenario = scenarios.find((s) => s.name === job.scenario);
  if (!scenario) {
    return Promise.reject(new Error(`unknown scenario "${job.scenario}"`));
  }
  const first = scenario.request(job.state);
  const followUps = scenario.followUps?.(job.state) ?? [];
  const steps = [() => first(), ...followUps];
  const latencies: number[] = [];
  let abandoned = 0;
  // autocannon calls a request's onResponse, then emits 'response' (with the latency) for the same
  // connection, synchronously; `answered` carries the operation across.
  let answered: Answered | undefined;
  let unmatched = 0;
  const requests: autocannon.Request[] = steps.map((build, i) => ({
    // autocannon writes Content-Length into the headers object: hand it a copy. Returning nothing
    // (after a failed step) makes the connection start over with the first request.
    setupRequest: (req, context) => {
      const operation = context as Operation;
      if (i === 0) {
        operation.elapsedMs = 0;
        operation.previous = undefined;
      } else if (operation.previous === undefined) {
        return undefined as unknown as autocannon.Request;
      }
      const r = build(operation.previous);
      return { ...req, ...r, headers: { ...r.headers } };
    },
    onResponse: (status, body, context) => {
      const operation = context as Operation;
      const ok = status >= 200 && status < 300;
      const last = i === steps.length - 1;
      if (!last) {
        operation.previous = ok ? parseJson(body) : undefined;
      }
      answered = { operation, last, ok };
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.seconds,
        pipelining: 1,
        timeout: 30,
        requests,
      },
      (err: unknown, result) => {
        if (err) {
          reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        } else if (unmatched > 0) {
          reject(new Error(`${unmatched} responses not matched to an operation: latencies would be wrong`));
        } else {
          resolve({ result, latencies, abandoned });
        }
      },
    );
    // autocannon's own histogram keeps whole milliseconds only; keep the exact values.
    instance.on('response', (_client, _status, _bytes, ms) => {
      if (!answered) {
        unmatched += 1;
        return;
      }
      const { operation, last, ok } = answered;
      answered = undefined;
      operation.elapsedMs += ms;
      if (last) {
        latencies.push(operation.elapsedMs);
      } else if (!ok || operation.previous === undefined) {
        abandoned += 1;
      }
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function measure(job: LoadJob): Promise<Measurement> {
  const { result, latencies, abandoned } = await fire(job);
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stat.count ?? 0;
  }
  return {
    operations: latencies.length,
    abandoned,
    seconds: result.duration,
    operationsPerSecond: result.duration > 0 ? latencies.length / result.duration : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (job: LoadJob) => {
  measure(job).then(
    (measurement) => reply({ ok: true, measurement }),
    (err: unknown) =>
      reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
// The runner went away (finished, or died): stop.
process.on('disconnect', () => process.exit(0));
