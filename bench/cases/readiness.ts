import { DEMO_PASSWORD } from '../../src/demo/demo-organisation.ts';
import { findBuiltIn } from '../../src/features/frameworks/built-in-frameworks.ts';
import { requestsPerSecond, signInCookie, type BenchCase } from '../harness.ts';

const CRITERIA = 150;
const ITEMS = 200;
const LINKS_PER_ITEM = 5;

/**
 * The readiness view of an assessment with 150 criteria and 1,000 evidence links (200 items, each
 * supporting five criteria, a fifth of them past review), against the bare layout page.
 */
export const readinessCase: BenchCase = {
  name: 'readiness',
  description: `readiness view, ${CRITERIA} criteria and ${ITEMS * LINKS_PER_ITEM} evidence links, requests/s against the bare layout page`,
  async run(server) {
    const { services } = server.equalis;
    const organisation = await services.organisations.findBySlug('demo-county');
    if (!organisation) throw new Error('The demo county is missing');
    const actor = { userId: null, label: 'Benchmark' };
    const definition = structuredClone(findBuiltIn('eflg-2021@2021')!);
    definition.id = 'bench-framework';
    definition.version = '1';
    const levels = ['developing', 'achieving', 'excellent'];
    const leaves = definition.areas.flatMap((area) => area.areas!.map((sub) => sub.id));
    definition.criteria = Array.from({ length: CRITERIA }, (_, index) => ({
      ref: `${leaves[index % leaves.length]}.${Math.floor(index / leaves.length) + 1}`,
      area: leaves[index % leaves.length]!,
      level: levels[Math.floor(index / leaves.length) % 3]!,
      text: `Benchmark criterion ${index + 1}: the council can show it meets this requirement.`,
    }));
    const loaded = await services.frameworks.importText(actor, organisation.id, JSON.stringify(definition));
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const id = await services.assessments.start(actor, organisation.id, {
      frameworkKey: loaded.key,
      title: 'Benchmark assessment',
      scope: [],
      targetLevel: 'achieving',
      ownerUserId: null,
    });
    for (let item = 0; item < ITEMS; item += 1) {
      const evidenceId = await services.evidence.create(
        actor,
        organisation.id,
        {
          title: `Benchmark evidence ${item + 1}`,
          kind: 'link',
          url: `https://example.org/evidence/${item + 1}`,
          record: null,
          description: null,
          ownerUserId: null,
          evidenceDate: null,
          reviewDate: item % 5 === 0 ? '2020-01-31' : '2099-01-31',
          strands: [],
        },
        null,
        null,
      );
      for (let link = 0; link < LINKS_PER_ITEM; link += 1)
        await services.evidence.link(actor, organisation.id, evidenceId, {
          frameworkId: 'bench-framework',
          criterionRef: definition.criteria[(item * LINKS_PER_ITEM + link) % CRITERIA]!.ref,
        });
    }
    const url = `${server.baseUrl}/assessments/${id}/readiness`;
    const cookie = await signInCookie(server.baseUrl, 'admin@demo-county.example', DEMO_PASSWORD);
    await requestsPerSecond(`${server.baseUrl}/cookies`, { seconds: 1 });
    await requestsPerSecond(url, { seconds: 1, headers: { cookie } });
    const anchorValue = await requestsPerSecond(`${server.baseUrl}/cookies`);
    const value = await requestsPerSecond(url, { headers: { cookie } });
    return {
      case: 'readiness',
      value: Math.round(value),
      unit: 'requests/s',
      anchor: 'bare layout page (/cookies, no session, no query)',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(3)),
    };
  },
};
