import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BenchResult {
  case: string;
  value: number;
  unit: string;
  anchor: string;
  anchorValue: number;
  /** value ÷ anchorValue, both measured in this run on this machine. */
  ratio: number;
  /** Further figures a case reports (percentiles, error counts). */
  details?: Record<string, number>;
}

/** Signs in through the real form and returns the Cookie header for later requests. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const anonymous = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anonymous },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  if (response.status !== 303) throw new Error(`Sign-in for the benchmark failed with ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * Requests per second for one URL, measured by autocannon in its own process over loopback, so
 * the load generator does not share the server's event loop. Bounded by `seconds`.
 */
export async function requestsPerSecond(
  url: string,
  options: { headers?: Record<string, string>; seconds?: number; connections?: number } = {},
): Promise<number> {
  const args = ['--json', '-c', String(options.connections ?? 10), '-d', String(options.seconds ?? 5)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  args.push(url);
  const { stdout } = await run(path.resolve('node_modules/.bin/autocannon'), args, {
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as { requests: { average: number }; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors during the benchmark`,
    );
  }
  return result.requests.average;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/**
 * Latency under load: `connections` clients at once for `seconds`, by autocannon in its own
 * process. Errors and non-2xx answers are counted and returned, not thrown: they are the result.
 */
export async function underLoad(
  url: string,
  options: { headers?: Record<string, string>; seconds?: number; connections: number },
): Promise<LoadFigures> {
  const args = ['--json', '-c', String(options.connections), '-d', String(options.seconds ?? 10)];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  args.push(url);
  const { stdout } = await run(path.resolve('node_modules/.bin/autocannon'), args, {
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

import type { DemoServer } from '../test/helpers/demo-server.ts';

export interface BenchCase {
  name: string;
  description: string;
  run(server: DemoServer): Promise<BenchResult>;
}
