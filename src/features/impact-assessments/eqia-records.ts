import type { RecordTypeSource } from '../../thread/record-registry.ts';
import { mayRead, type EqiaService } from './eqia.service.ts';

/**
 * Impact assessments on the golden thread, so each mitigation (an action in the plan) names the
 * assessment it came from, and the assessment shows its mitigations' progress. Staff read them
 * all; a critical friend reads those sent for review.
 */
export function impactAssessmentRecords(eqia: Pick<EqiaService, 'forThread'>): RecordTypeSource {
  const list = async (organisationId: string, viewer: Parameters<typeof mayRead>[0]) =>
    (await eqia.forThread(organisationId))
      .filter((one) => mayRead(viewer, one))
      .map((one) => ({
        id: one.id,
        title: one.title,
        label: { key: 'thread.label.impactAssessment', values: {} },
        href: `/impact-assessments/${one.id}`,
        tag: {
          key: `eqia.status.${one.status}`,
          colour:
            one.status === 'approved'
              ? ('green' as const)
              : one.status === 'in_review'
                ? ('blue' as const)
                : ('grey' as const),
        },
      }));
  return {
    type: 'impact-assessment',
    async describe(organisationId, ids, viewer) {
      const wanted = new Set(ids);
      return new Map(
        (await list(organisationId, viewer)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId, viewer) => list(organisationId, viewer),
  };
}
