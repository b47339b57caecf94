import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from '../harness.ts';

const RUNS = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from starting `node args…` until it prints a line matching `ready`, then stops it. */
function timeUntil(args: string[], env: Record<string, string>, ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        const elapsed = performance.now() - started;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!ready.test(output))
        reject(new Error(`node ${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Starts Equalis as `npm start` does and times it until the first page has been served. */
async function startEqualis(dataDir: string): Promise<number> {
  const port = await freePort();
  const probe = `
    const started = Date.now();
    const poll = () => fetch('http://127.0.0.1:${port}/sign-in').then((r) => { if (r.ok) console.log('FIRST PAGE SERVED'); else setTimeout(poll, 20); }, () => setTimeout(poll, 20));
    poll();`;
  // The server and a poller in one child: the time includes Node starting, as it does for a person.
  const script = `${probe}\nprocess.argv = [process.argv[0], 'equalis', 'serve'];\nawait import(${JSON.stringify(path.resolve('bin/equalis.js'))});`;
  return timeUntil(
    ['--input-type=module', '-e', script],
    { EQUALIS_DATA_DIR: dataDir, PORT: String(port), EQUALIS_DEMO: 'true', EQUALIS_LOG_LEVEL: 'silent' },
    /FIRST PAGE SERVED/,
  );
}

/** The anchor: Node starting and opening an empty embedded database with one query. */
function openEmptyDatabase(dataDir: string): Promise<number> {
  const script = `const { PGlite } = await import('@electric-sql/pglite'); const db = new PGlite(${JSON.stringify(dataDir)}); await db.query('select 1'); console.log('OPEN'); await db.close();`;
  return timeUntil(['--input-type=module', '-e', script], {}, /OPEN/);
}

function median(values: number[]): number {
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function measure(kind: 'first' | 'again') {
  const equalis: number[] = [];
  const anchor: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-start-'));
    try {
      const appDir = path.join(scratch, 'app');
      const emptyDir = path.join(scratch, 'empty');
      if (kind === 'again') {
        await startEqualis(appDir);
        await openEmptyDatabase(emptyDir);
      }
      equalis.push(await startEqualis(appDir));
      anchor.push(await openEmptyDatabase(emptyDir));
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { value: median(equalis), anchorValue: median(anchor) };
}

function startCase(kind: 'first' | 'again'): BenchCase {
  const name = `start-${kind}`;
  const what = kind === 'first' ? 'a fresh data directory (creating the demo)' : 'an existing data directory';
  return {
    name,
    description: `npm start to the first page served, on ${what} (ms), against opening an empty embedded database`,
    async run() {
      const { value, anchorValue } = await measure(kind);
      return {
        case: name,
        value: Math.round(value),
        unit: 'ms',
        anchor: `opening ${kind === 'first' ? 'a new' : 'an existing'} empty embedded database`,
        anchorValue: Math.round(anchorValue),
        ratio: Number((value / anchorValue).toFixed(2)),
      };
    },
  };
}

export const startFirstCase = startCase('first');
export const startAgainCase = startCase('again');
