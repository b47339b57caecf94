import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { requestsPerSecond, signInCookie, underLoad, type BenchCase } from '../harness.ts';

const CONNECTIONS = 50;

/**
 * Fifty people on the signed-in dashboard at once, on the embedded database: p50 and p99 latency
 * and errors. The anchor is the bare layout page under the same load, so the ratio says what the
 * session, the queries and the dashboard add. Goal: 0 errors and p99 under 150 ms.
 */
export const loadCase: BenchCase = {
  name: 'load',
  description: `${CONNECTIONS} connections on the signed-in dashboard: p50/p99 latency and errors, against the bare layout page`,
  async run(server) {
    const cookie = await signInCookie(server.baseUrl, 'admin@demo-district.example', DEMO_PASSWORD);
    await requestsPerSecond(`${server.baseUrl}/`, { seconds: 1, headers: { cookie } });
    const anchor = await underLoad(`${server.baseUrl}/cookies`, { connections: CONNECTIONS });
    const dashboard = await underLoad(`${server.baseUrl}/`, {
      connections: CONNECTIONS,
      headers: { cookie },
    });
    return {
      case: 'load',
      value: dashboard.p99,
      unit: 'ms p99',
      anchor: `bare layout page under the same ${CONNECTIONS} connections`,
      anchorValue: anchor.p99,
      ratio: Number((dashboard.p99 / Math.max(1, anchor.p99)).toFixed(3)),
      details: {
        p50: dashboard.p50,
        p99: dashboard.p99,
        'requests/s': dashboard.requestsPerSecond,
        errors: dashboard.errors,
        'non-2xx': dashboard.non2xx,
        'anchor p50': anchor.p50,
        'anchor errors': anchor.errors + anchor.non2xx,
      },
    };
  },
};
