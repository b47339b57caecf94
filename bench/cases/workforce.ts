import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

/**
 * The demo district's workforce profile (640 employees by sex, ethnicity and disability, by grade
 * and directorate, against the district's census figures, every count under the disclosure
 * policy), against the bare layout page.
 */
export const workforceCase: BenchCase = {
  name: 'workforce',
  description: 'the workforce profile page, requests/s against the bare layout page',
  async run(server) {
    const cookie = await signInCookie(server.baseUrl, 'equality.lead@demo-district.example', DEMO_PASSWORD);
    const district = (await server.equalis.services.organisations.findBySlug('demo-district'))!;
    const [snapshot] = await server.equalis.services.payroll.snapshots(district.id);
    const url = `${server.baseUrl}/workforce/profile/${snapshot!.id}`;
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(url, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(url, { headers: { cookie } });
    return {
      case: 'workforce',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
    };
  },
};
