import { STAFF } from '../../platform/roles.ts';
import type { RecordSummary, RecordTypeSource, Viewer } from '../../thread/record-registry.ts';
import { compositeId } from '../../thread/record-types.ts';
import { criterionInScope } from './assessments.policy.ts';
import type { AssessmentsService } from './assessments.service.ts';

/**
 * A criterion within one assessment (id `<assessment>:<ref>`): what an action raised for a gap
 * addresses. Only criteria inside the assessment's scope exist; an assessor sees those of the
 * assessments shared with them (the service's `list` and `load` already decide that).
 */
export function assessmentCriterionRecords(
  assessments: Pick<AssessmentsService, 'list' | 'load'>,
): RecordTypeSource {
  async function criteriaOf(
    organisationId: string,
    assessmentId: string,
    viewer: Viewer,
  ): Promise<RecordSummary[]> {
    const { assessment, definition } = await assessments.load(organisationId, assessmentId, viewer);
    return definition.criteria
      .filter((criterion) => criterionInScope(definition, assessment.scope, criterion.ref))
      .map((criterion) => ({
        id: `${assessment.id}:${criterion.ref}`,
        title: criterion.text,
        label: {
          key: 'thread.label.assessmentCriterion',
          values: { ref: criterion.ref, assessment: assessment.title },
        },
        href: `/assessments/${assessment.id}/criteria/${encodeURIComponent(criterion.ref)}`,
      }));
  }
  return {
    type: 'assessment-criterion',
    async describe(organisationId, ids, viewer) {
      const visible = new Set(
        (await assessments.list(organisationId, viewer)).map((assessment) => assessment.id),
      );
      const wanted = new Set(ids);
      const found = new Map<string, RecordSummary>();
      const owners = new Set(
        ids.map((id) => compositeId(id)?.owner).filter((owner) => owner && visible.has(owner)),
      );
      for (const owner of owners)
        for (const summary of await criteriaOf(organisationId, owner!, viewer))
          if (wanted.has(summary.id)) found.set(summary.id, summary);
      return found;
    },
    async candidates(organisationId, viewer) {
      if (!STAFF.includes(viewer.role)) return [];
      const found: RecordSummary[] = [];
      for (const assessment of await assessments.list(organisationId, viewer))
        if (assessment.status !== 'closed')
          found.push(...(await criteriaOf(organisationId, assessment.id, viewer)));
      return found;
    },
  };
}
