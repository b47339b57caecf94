#!/usr/bin/env node
// `npm test`: the whole gate, in the order that fails fastest.
//   1. typecheck   2. lint + format   3. unit/DB/HTTP tests on PGlite
//   4. the same suite on a real PostgreSQL server (a throwaway cluster on a loopback port)
//   5. browser tests in Debian's Chromium, with axe-core on every page
// When PostgreSQL or Chromium is missing and this runs as root on Debian, it installs them with
// apt-get; otherwise it stops with a message saying what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const isRoot = process.getuid?.() === 0;
const started = Date.now();
const timings = [];

function step(name, command, args, env = {}) {
  const begun = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push([name, Date.now() - begun]);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(result.status ?? 1);
  }
}

function findPostgresBin() {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

function aptInstall(packages) {
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) return false;
  console.log(`Installing ${packages.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  return true;
}

function ensureSystemPackages() {
  const missing = [];
  if (!findPostgresBin()) missing.push('postgresql');
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (missing.length === 0) return;
  if (!aptInstall(missing)) {
    console.error(
      `The test suite needs ${missing.join(' and ')} from Debian's packages. Install them with:\n` +
        `  sudo apt-get install ${missing.join(' ')}\n(or run npm test as root, which installs them for you).`,
    );
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway PostgreSQL cluster; returns its URL and a function that removes it. */
async function startPostgres() {
  const bin = findPostgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-pg-'));
  const port = await freePort();
  // PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
  const asOwner = (command, args) => {
    const full = path.join(bin, command);
    if (!isRoot) return execFileSync(full, args, { stdio: 'pipe' });
    return execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
  };
  if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  asOwner('initdb', ['-D', data, '-U', 'equalis', '-A', 'trust', '--no-sync', '--no-locale', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asOwner('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start']);
  return {
    url: `postgres://equalis@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

ensureSystemPackages();
// Local binaries directly: quicker than npx and no npm warnings in the output.
const bin = (name) => path.join('node_modules', '.bin', name);
step('Typecheck', bin('tsc'), ['--noEmit']);
step('Lint', bin('eslint'), ['.', '--max-warnings=0']);
step('Format', bin('prettier'), ['--check', '.']);
step('Unit, database and HTTP tests on PGlite', bin('vitest'), ['run', '--config', 'vitest.config.ts']);

const postgres = await startPostgres();
try {
  step('The same suite on PostgreSQL', bin('vitest'), ['run', '--config', 'vitest.config.ts'], {
    EQUALIS_TEST_DATABASE_URL: postgres.url,
  });
} finally {
  postgres.stop();
}

step('Browser tests in Chromium with axe-core', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts']);

console.log('\nAll checks passed.');
for (const [name, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)}s  ${name}`);
console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s  in all`);
