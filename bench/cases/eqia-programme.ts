import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { defaultTemplate } from '../../src/features/impact-assessments/eqia-template.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

const NATURES = ['positive', 'neutral', 'negative', 'unknown'] as const;
const SEVERITIES = ['low', 'medium', 'high'] as const;

/**
 * A budget round of 200 impact assessments, each with an impact on every characteristic (a
 * seeded mix, a quarter adverse), and the programme's cumulative-impact matrix page.
 * Goal: at least 0.2× the bare layout page's requests/s.
 */
export const eqiaProgrammeCase: BenchCase = {
  name: 'eqia-programme',
  description:
    'the cumulative-impact matrix of a 200-assessment programme, requests/s against the bare layout page',
  async run(server) {
    const eqia = server.equalis.services.eqia;
    const district = (await server.equalis.services.organisations.findBySlug('demo-district'))!;
    const actor = { userId: null, label: 'Benchmark' };
    const programmeId = await eqia.createProgramme(actor, district.id, {
      title: 'Benchmark budget round',
      description: '',
    });
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let index = 0; index < 200; index += 1) {
      const id = await eqia.create(actor, district.id, { title: `Proposal ${index + 1}`, programmeId });
      const values: Record<string, string> = {};
      for (const characteristic of defaultTemplate().characteristics) {
        const nature = next() < 0.25 ? 'negative' : NATURES[Math.floor(next() * 4)]!;
        values[`nature-${characteristic.id}`] = nature;
        if (nature === 'negative')
          values[`severity-${characteristic.id}`] = SEVERITIES[Math.floor(next() * 3)]!;
      }
      await eqia.saveImpacts(actor, district.id, id, 1, values);
    }
    const cookie = await signInCookie(server.baseUrl, 'equality.lead@demo-district.example', DEMO_PASSWORD);
    const url = `${server.baseUrl}/impact-assessments/programmes/${programmeId}`;
    const page = await fetch(url, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`The programme page answered ${page.status}`);
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(url, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(url, { headers: { cookie } });
    return {
      case: 'eqia-programme',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
      details: { kilobytes: Math.round((await page.arrayBuffer()).byteLength / 1024) },
    };
  },
};
