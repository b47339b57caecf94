// The worker side of isolated.ts. Plain JavaScript because it must start before TypeScript can be
// loaded: it registers tsx (as bin/equalis.js does), then runs each job it is sent — an exported
// function of one of our own modules — and posts back the result, or the error in two kinds: a
// file problem to show the person (UnreadableFileError), or a bug.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { UnreadableFileError } = await import('./unreadable-file-error.ts');
const modules = new Map();

/** Structured cloning turns a Buffer into a Uint8Array; importers expect Buffers. */
const asBuffer = (value) =>
  value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;

parentPort.on('message', async ({ id, module, exportName, args }) => {
  try {
    if (!modules.has(module)) modules.set(module, await import(module));
    const result = await modules.get(module)[exportName](...args.map(asBuffer));
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    if (error instanceof UnreadableFileError)
      parentPort.postMessage({ id, ok: false, message: error.message });
    else if (error instanceof RangeError && /call stack/i.test(error.message))
      parentPort.postMessage({ id, ok: false, tooComplex: true });
    else parentPort.postMessage({ id, ok: false, bug: error instanceof Error ? error.stack : String(error) });
  }
});
parentPort.postMessage({ ready: true });
