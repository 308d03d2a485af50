// The runner's handle on the load-generator child process (bench/load-worker.ts).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadReply, Measurement } from './types.ts';

export interface LoadGenerator {
  /** Runs one autocannon run; one job at a time. */
  run(job: LoadJob): Promise<Measurement>;
  close(): Promise<void>;
}

/** Time allowed beyond the job's own duration before the child is presumed stuck. */
const SLACK_MS = 60_000;

export function startLoadGenerator(): LoadGenerator {
  // fork() reuses this process's execArgv, which carries tsx's loader.
  const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    run(job) {
      return new Promise<Measurement>((resolve, reject) => {
        const limitMs = job.seconds * 1000 + SLACK_MS;
        const cleanup = (): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        const timer = setTimeout(() => {
          cleanup();
          child.kill('SIGKILL');
          reject(new Error(`load generator did not answer within ${limitMs / 1000} s`));
        }, limitMs);
        const onMessage = (message: LoadReply): void => {
          cleanup();
          if (message.ok) {
            resolve(message.measurement);
          } else {
            reject(new Error(`load generator failed: ${message.error}`));
          }
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
          cleanup();
          reject(new Error(`load generator exited (code ${code}, signal ${signal})`));
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(job);
      });
    },

    async close() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      if (child.connected) {
        child.disconnect(); // the child exits on 'disconnect'
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
