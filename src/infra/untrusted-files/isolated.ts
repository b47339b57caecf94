import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TOO_COMPLEX, UnreadableFileError } from './unreadable-file-error.ts';

/**
 * Untrusted files (uploads, pastes, files named on the command line) are read off the main
 * thread, in a small pool of worker threads, each with a memory limit (`resourceLimits`) and each
 * job with a time limit. A file that would exhaust memory or run for minutes kills only its worker
 * — the job becomes a clear "too large or too complex" message — while every other request,
 * `/health` included, carries on. A job is an exported function of one of our own modules,
 * named by its module URL, so this file knows nothing about plans or frameworks.
 */
export interface IsolationSettings {
  workers: number;
  timeoutMs: number;
  maxHeapMb: number;
  /** Jobs allowed to wait for a free worker; beyond this, "try again in a minute". */
  maxWaiting: number;
}

const settings: IsolationSettings = {
  workers: Math.max(1, Math.min(2, os.availableParallelism())),
  timeoutMs: 20_000,
  maxHeapMb: 384,
  maxWaiting: 16,
};

/** Tests tighten the limits to provoke them quickly; the server uses the defaults. */
export function configureIsolation(changes: Partial<IsolationSettings>): void {
  Object.assign(settings, changes);
}

export class IsolationBusyError extends UnreadableFileError {
  constructor() {
    super('Equalis is reading a lot of files at the moment. Try again in a minute.');
    this.name = 'IsolationBusyError';
  }
}

interface Job {
  module: string;
  exportName: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  result?: unknown;
  message?: string;
  tooComplex?: boolean;
  bug?: string;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

const ENTRY = new URL('./worker-entry.js', import.meta.url);
const slots: Slot[] = [];
const waiting: Job[] = [];
let nextId = 1;

function startWorker(): Slot {
  const worker = new Worker(ENTRY, {
    resourceLimits: {
      maxOldGenerationSizeMb: settings.maxHeapMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      if (!reply.ready) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  // A worker that dies is replaced on the next job; its own job has already been answered.
  ready.catch(() => undefined);
  const slot: Slot = { worker, ready, busy: false };
  worker.once('exit', () => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
  });
  slots.push(slot);
  return slot;
}

function freeSlot(): Slot | undefined {
  const idle = slots.find((slot) => !slot.busy);
  if (idle) return idle;
  return slots.length < settings.workers ? startWorker() : undefined;
}

function runOn(slot: Slot, job: Job): void {
  slot.busy = true;
  slot.worker.ref(); // keep a command-line process alive until its file is read
  const id = nextId++;
  let settled = false;
  const finish = (outcome: () => void, keepWorker: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    slot.worker.off('message', onMessage);
    slot.worker.off('error', onError);
    slot.worker.off('exit', onExit);
    if (keepWorker) {
      slot.busy = false;
      slot.worker.unref();
    } else {
      // Out of the pool at once, so the next job starts a fresh worker without waiting for this one to exit.
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      void slot.worker.terminate();
    }
    outcome();
    const next = waiting.shift();
    if (next) dispatch(next);
  };
  const tooComplex = () => job.reject(new UnreadableFileError(TOO_COMPLEX));
  const onMessage = (reply: Reply) => {
    if (reply.id !== id) return;
    if (reply.ok) finish(() => job.resolve(reply.result), true);
    else if (reply.message !== undefined)
      finish(() => job.reject(new UnreadableFileError(reply.message!)), true);
    else if (reply.tooComplex) finish(tooComplex, false);
    else finish(() => job.reject(new Error(`Reading the file failed inside Equalis: ${reply.bug}`)), true);
  };
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or any other death of the worker: the file's fault.
  const onError = () => finish(tooComplex, false);
  const onExit = () => finish(tooComplex, false);
  const timer = setTimeout(() => finish(tooComplex, false), settings.timeoutMs);
  slot.worker.on('message', onMessage);
  slot.worker.on('error', onError);
  slot.worker.on('exit', onExit);
  slot.ready.then(
    () => slot.worker.postMessage({ id, module: job.module, exportName: job.exportName, args: job.args }),
    onError,
  );
}

function dispatch(job: Job): void {
  const slot = freeSlot();
  if (slot) runOn(slot, job);
  else if (waiting.length >= settings.maxWaiting) job.reject(new IsolationBusyError());
  else waiting.push(job);
}

/**
 * Runs `exportName` of the module at `module` (a file URL, usually `new URL('./x.ts', import.meta.url)`)
 * in a worker. Resolves with its result; rejects with UnreadableFileError for a problem with the
 * file (including "too large or too complex"), or a plain Error for a bug.
 */
export function runIsolated<T>(module: URL, exportName: string, args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    dispatch({ module: module.href, exportName, args, resolve: resolve as (value: unknown) => void, reject }),
  );
}

/**
 * runIsolated for a reader whose answer to an unreadable file (too large, too complex, not what it
 * says) is a value of its own rather than an error: `unreadable` turns the message into it.
 */
export async function readIsolated<T>(
  module: URL,
  exportName: string,
  args: unknown[],
  unreadable: (message: string) => T,
): Promise<T> {
  try {
    return await runIsolated<T>(module, exportName, args);
  } catch (error) {
    if (error instanceof UnreadableFileError) return unreadable(error.message);
    throw error;
  }
}

/** Stops every worker (tests and a clean shutdown). */
export async function stopIsolatedWorkers(): Promise<void> {
  await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
}
