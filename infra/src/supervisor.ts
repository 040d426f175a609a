import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot, type Log } from './services.ts';

export interface ChildSpec {
  name: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Waits before restarting a child that exited: growing while it keeps dying, reset once it stayed up. */
export const RESTART_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];
/** A child that ran this long before exiting counts as healthy: its next restart is quick again. */
export const STABLE_AFTER_MS = 60_000;

export function restartDelayMs(failuresInARow: number): number {
  return RESTART_BACKOFF_MS[Math.min(Math.max(failuresInARow - 1, 0), RESTART_BACKOFF_MS.length - 1)]!;
}

export interface Supervisor {
  /** The running child of each name (undefined while it waits to be restarted). */
  pid(name: string): number | undefined;
  /** Stops every child (SIGTERM, SIGKILL after `graceMs`) and stops restarting them. */
  stop(reason: string): Promise<void>;
}

/**
 * Keeps web and worker running: a child that exits — a crash, a kill, an out-of-memory — is
 * started again after a backoff, and the reason is logged. Only `stop` (Ctrl-C, SIGTERM) ends them.
 */
export function superviseChildren(children: ChildSpec[], opts: { log: Log; graceMs?: number }): Supervisor {
  const running = new Map<string, ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  const start = (spec: ChildSpec, failuresInARow: number) => {
    const startedAt = Date.now();
    const child = spawn(spec.cmd, spec.args, { cwd: repoRoot, stdio: 'inherit', env: spec.env });
    running.set(spec.name, child);
    opts.log(`${spec.name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (running.get(spec.name) === child) running.delete(spec.name);
      if (stopping) return;
      const failures = Date.now() - startedAt >= STABLE_AFTER_MS ? 1 : failuresInARow + 1;
      const wait = restartDelayMs(failures);
      opts.log(`${spec.name} exited (${signal ?? `code ${code}`}); restarting it in ${wait / 1000} s`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(spec, failures);
      }, wait);
      timers.add(timer);
    });
  };
  for (const spec of children) start(spec, 0);

  return {
    pid: (name) => running.get(name)?.pid,
    async stop(reason) {
      if (stopping) return;
      stopping = true;
      opts.log(`stopping (${reason})`);
      for (const t of timers) clearTimeout(t);
      await Promise.all(
        [...running.values()].map(
          (c) =>
            new Promise<void>((done) => {
              if (c.exitCode !== null || c.signalCode !== null) return done();
              const timer = setTimeout(() => c.kill('SIGKILL'), opts.graceMs ?? 15_000);
              c.once('exit', () => {
                clearTimeout(timer);
                done();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
