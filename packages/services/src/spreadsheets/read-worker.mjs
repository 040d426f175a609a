// A worker thread's entry: plain JavaScript, so it starts without the parent's TypeScript loader
// (a web process, a test runner); it registers tsx itself, then runs the reader on the bytes it was handed.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readTable } = await import(new URL('./read.ts', import.meta.url).href);
const { bytes, kind, maxRows } = workerData;
parentPort.postMessage(await readTable(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), kind, { maxRows }));
