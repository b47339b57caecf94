import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import type { ParsedAction, ParsedPlan } from '../../src/features/action-plan/plan-parser.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';
import { MONTH_NAMES as MONTHS } from '../../src/features/action-plan/plan-fields.ts';

/** A generated plan of `count` actions over five areas. */
export function largePlan(count: number): ParsedPlan {
  const areas = Array.from({ length: 5 }, (_, area) => ({
    title: `Benchmark area ${area + 1}`,
    description: 'Actions generated for the benchmark.',
    criteriaHeading: 'EFLG',
    actions: [] as ParsedAction[],
  }));
  for (let index = 0; index < count; index += 1) {
    const month = index % 12;
    const year = 2026 + Math.floor(index / 100);
    const areaIndex = index % 5;
    const reference = `${areaIndex + 10}.${Math.floor(index / 5) + 1}`;
    areas[areaIndex]!.actions.push({
      reference,
      parentReference: null,
      text: `Benchmark action ${index + 1}: review how the service meets the needs of people with different protected characteristics.`,
      target: {
        kind: 'date',
        text: `${MONTHS[month]} ${year}`,
        end: `${year}-${String(month + 1).padStart(2, '0')}-28`,
        precision: 'month',
      },
      leads: [
        { name: 'Priya Shah', team: null },
        { name: 'Tom Evans', team: null },
      ],
      partners: [],
      criteria: ['1.2', '2.2', '3.2'],
      strands: index % 3 === 0 ? ['all'] : ['race', 'disability'],
      linkedTo: null,
      line: index + 1,
    });
  }
  return { title: 'Benchmark plan', versionLabel: null, problems: [], areas };
}

/** The grouped plan page with 300 actions, against the bare layout page. */
export const planCase: BenchCase = {
  name: 'plan',
  description: 'grouped action plan page with 300 actions, requests/s against the bare layout page',
  async run(server) {
    const { services } = server.equalis;
    const organisation = await services.organisations.findBySlug('demo-county');
    if (!organisation) throw new Error('The demo county is missing');
    const result = await services.actionPlan.importDirect(
      { userId: null, label: 'Benchmark' },
      organisation.id,
      'benchmark',
      largePlan(300),
    );
    if (result.problems.length > 0) throw new Error(JSON.stringify(result.problems));
    const cookie = await signInCookie(server.baseUrl, 'admin@demo-county.example', DEMO_PASSWORD);
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(`${server.baseUrl}/plan`, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(`${server.baseUrl}/plan`, { headers: { cookie } });
    return {
      case: 'plan',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
    };
  },
};
