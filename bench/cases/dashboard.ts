import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

/**
 * The signed-in dashboard (session lookup, memberships, recent audit activity, full layout)
 * against the anchor: /cookies requested without a session, which is the same GOV.UK layout with
 * static text and no database query at all.
 */
export const dashboardCase: BenchCase = {
  name: 'dashboard',
  description: 'signed-in dashboard requests/s against the bare layout page',
  async run(server) {
    const cookie = await signInCookie(server.baseUrl, 'admin@demo-district.example', DEMO_PASSWORD);
    // Warm up both (template compilation, JIT) before measuring.
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(`${server.baseUrl}/`, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(`${server.baseUrl}/`, { headers: { cookie } });
    return {
      case: 'dashboard',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
    };
  },
};
