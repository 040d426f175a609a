import { Worker } from 'node:worker_threads';
import { tooLarge, type ReadTableResult } from './read.ts';

/** Heap a parse may use; the limits of the reader keep a real one far below it. */
const WORKER_HEAP_MB = 512;

/**
 * readTable in a worker thread of its own, so a parse never holds up the web process's requests,
 * and everything it allocated is freed when the thread ends. The bytes are copied once and handed
 * over (transferred), not cloned again.
 */
export function readTableInWorker(data: Buffer, kind: 'xlsx' | 'csv', opts: { maxRows: number }): Promise<ReadTableResult> {
  const bytes = new Uint8Array(data);
  const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: { bytes, kind, maxRows: opts.maxRows },
    transferList: [bytes.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return new Promise<ReadTableResult>((resolve, reject) => {
    worker.once('message', (result: ReadTableResult) => resolve(result));
    // Out of memory despite the limits: the file is too large. readTable itself never throws, so
    // any other error is ours (the worker could not start) and goes up as one.
    worker.once('error', (e: Error & { code?: string }) => (e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? resolve(tooLarge(opts.maxRows)) : reject(e)));
    worker.once('exit', (code) => reject(new Error(`spreadsheet reader exited (${code}) without an answer`)));
  }).finally(() => void worker.terminate());
}
