import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database (PGlite) is PostgreSQL running inside one process. Two processes that open
 * the same data directory each keep their own copy of the pages in memory and overwrite each
 * other's files, so writes vanish and the directory can end up unopenable. Nothing in PGlite stops
 * that, so Equalis takes an exclusive lock file in the directory before opening it.
 *
 * The lock names its holder (process id, command, start time, machine). A lock whose holder is no
 * longer running — after a crash or `kill -9` — is stale and is taken over, so recovery needs no
 * manual step. The machine's boot id is recorded too: after a reboot an old process id may belong
 * to something else entirely.
 */
export const LOCK_FILE = 'equalis.lock';

interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  hostname: string;
  bootId: string | null;
}

/** Another process has the data directory open; the message names it and says what to do. */
export class DataDirectoryInUseError extends Error {
  constructor(
    dataDir: string,
    public readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Equalis process (process ${holder.pid}, ` +
        `"${holder.command}", started ${holder.startedAt} on ${holder.hostname}). Only one process can open it ` +
        'at a time: stop that one first (Ctrl+C, or kill ' +
        `${holder.pid}), then try again. To run commands while the server runs, use PostgreSQL (DATABASE_URL).`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote this lock may still be running. */
function isLive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true; // another machine on a shared disk: trust it
  const current = bootId();
  if (holder.bootId && current && holder.bootId !== current) return false;
  return isRunning(holder.pid);
}

export interface DataDirectoryLock {
  release(): void;
}

/**
 * Takes the data directory's lock or throws DataDirectoryInUseError. The lock is written to a
 * temporary file and hard-linked into place, which fails atomically if a lock already exists.
 */
export function lockDataDirectory(
  dataDir: string,
  command = process.argv.slice(2).join(' ') || 'node',
): DataDirectoryLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    command: `equalis ${command}`.trim(),
    startedAt: new Date().toISOString(),
    hostname: os.hostname(),
    bootId: bootId(),
  };
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temporary, `${JSON.stringify(mine)}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        fs.linkSync(temporary, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        if (holder && isLive(holder)) throw new DataDirectoryInUseError(dataDir, holder);
        // Stale (its holder died) or unreadable (a crash while it was written): take it over.
        fs.rmSync(file, { force: true });
        if (attempt === 2) throw error;
      }
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only remove the lock if it is still ours.
    if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}
