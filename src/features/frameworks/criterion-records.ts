import { STAFF } from '../../platform/roles.ts';
import type { RecordSummary, RecordTypeSource } from '../../thread/record-registry.ts';
import type { FrameworksService } from './frameworks.service.ts';

/**
 * A framework's criteria on the golden thread (id `<framework>:<ref>`): what evidence supports,
 * in every assessment against that framework. The newest version's wording names a criterion;
 * insiders open it in the framework's own page (assessors read criteria inside an assessment).
 */
export function criterionRecords(frameworks: Pick<FrameworksService, 'catalogue'>): RecordTypeSource {
  async function all(organisationId: string, insider: boolean): Promise<Map<string, RecordSummary>> {
    const found = new Map<string, RecordSummary>();
    // Later versions come later in the catalogue, so their wording wins.
    for (const entry of await frameworks.catalogue(organisationId))
      for (const criterion of entry.definition.criteria) {
        const id = `${entry.definition.id}:${criterion.ref}`;
        found.set(id, {
          id,
          title: criterion.text,
          label: {
            key: 'thread.label.criterion',
            values: { framework: entry.definition.name, ref: criterion.ref },
          },
          href: insider ? `/frameworks/${encodeURIComponent(entry.key)}` : null,
        });
      }
    return found;
  }
  return {
    type: 'criterion',
    async describe(organisationId, ids, viewer) {
      const known = await all(organisationId, STAFF.includes(viewer.role));
      return new Map(ids.flatMap((id) => (known.has(id) ? [[id, known.get(id)!] as const] : [])));
    },
    candidates: async (organisationId, viewer) => [
      ...(await all(organisationId, STAFF.includes(viewer.role))).values(),
    ],
  };
}
