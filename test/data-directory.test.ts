import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from './helpers/database.ts';
import { projectRoot } from '../src/platform/assets/assets.ts';
import { LOCK_FILE } from '../src/db/data-directory-lock.ts';

/**
 * The embedded database, as an operator meets it: real `equalis` processes on one data directory.
 * It concerns PGlite only, so the PostgreSQL pass of the suite skips it.
 */
const EQUALIS = path.join(projectRoot, 'bin/equalis.js');
let root: string;
const running: ChildProcess[] = [];

function environment(dataDir: string, port: number) {
  return {
    ...process.env,
    DATABASE_URL: '',
    EQUALIS_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    EQUALIS_DEMO: 'false',
    EQUALIS_LOG_LEVEL: 'silent',
    EQUALIS_REMINDER_HOUR: 'off',
  };
}

function run(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [EQUALIS, ...args], {
    env: environment(dataDir, 0),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `equalis serve` and resolves once it listens, or with its exit if it stops first. */
function serve(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; output: string; exited: number | null }> {
  const child = spawn(process.execPath, [EQUALIS, 'serve'], { env: environment(dataDir, port) });
  running.push(child);
  let output = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is listening on port')) resolve({ child, output, exited: null });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => resolve({ child, output, exited: code ?? -1 }));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-data-'));
});
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(running.map(stopped));
  fs.rmSync(root, { recursive: true, force: true });
});

describe.skipIf(testDatabaseKind !== 'pglite')('one process per embedded data directory', () => {
  it('refuses a second process, names the holder, recovers after kill -9, and backs up and restores', async () => {
    const dataDir = path.join(root, 'data');
    const created = run(dataDir, 'org', 'add', '--name', 'Northvale Borough Council', '--slug', 'northvale');
    expect(created.output).toContain('northvale');
    expect(created.status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const port = await freePort();
    const server = await serve(dataDir, port);
    expect(server.exited, server.output).toBeNull();
    const pid = server.child.pid!;

    // A command while the server runs is refused, and says who holds the directory.
    const refused = run(dataDir, 'org', 'list');
    expect(refused.status).toBe(1);
    expect(refused.output).toContain(`in use by another Equalis process (process ${pid}, "equalis serve"`);
    expect(refused.output).not.toMatch(/\n\s+at /); // no stack trace

    // So is a second server on the same directory.
    const second = await serve(dataDir, await freePort());
    expect(second.exited).toBe(1);
    expect(second.output).toContain(`process ${pid}`);

    // A server whose port is taken stops, rather than running on with its database open.
    const clash = await serve(path.join(root, 'other'), port);
    expect(clash.exited).toBe(1);
    expect(clash.output).toContain(`Port ${port} is already in use`);
    expect(fs.existsSync(path.join(root, 'other', LOCK_FILE))).toBe(false);

    // A crash leaves a stale lock; the next process takes it over and the data is all there.
    server.child.kill('SIGKILL');
    await stopped(server.child);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const afterCrash = run(dataDir, 'org', 'list');
    expect(afterCrash.status, afterCrash.output).toBe(0);
    expect(afterCrash.output).toContain('Northvale Borough Council');

    // Back up as docs/operations.md says (stopped, whole directory), restore elsewhere, and read it.
    const archive = path.join(root, 'backup.tgz');
    expect(spawnSync('tar', ['czf', archive, '-C', root, 'data']).status).toBe(0);
    const restoredRoot = path.join(root, 'restored');
    fs.mkdirSync(restoredRoot);
    expect(spawnSync('tar', ['xzf', archive, '-C', restoredRoot]).status).toBe(0);
    const restored = run(path.join(restoredRoot, 'data'), 'org', 'list');
    expect(restored.status, restored.output).toBe(0);
    expect(restored.output).toContain('Northvale Borough Council');
  }, 180_000);
});
