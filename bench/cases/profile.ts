import { DEMO_AUTHORITY } from '../../src/demo/demo-communities.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

/**
 * A local authority's community profile (its rolled-up figures, the disclosure policy, the chart,
 * table and sentence) for the demo district, against the bare layout page.
 */
export const profileCase: BenchCase = {
  name: 'profile',
  description: 'a local authority’s community profile, requests/s against the bare layout page',
  async run(server) {
    const cookie = await signInCookie(server.baseUrl, 'equality.lead@demo-district.example', DEMO_PASSWORD);
    const url = `${server.baseUrl}/data/areas/${DEMO_AUTHORITY.code}`;
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(url, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(url, { headers: { cookie } });
    return {
      case: 'profile',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
    };
  },
};
