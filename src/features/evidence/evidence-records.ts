import { STAFF } from '../../platform/roles.ts';
import type { RecordSummary, RecordTypeSource, Viewer } from '../../thread/record-registry.ts';
import type { AssessorEvidenceAccess } from './evidence.routes.ts';
import type { EvidenceService } from './evidence.service.ts';

type Item = Awaited<ReturnType<EvidenceService['list']>>[number];

/**
 * Evidence on the golden thread. Insiders see every item, withdrawn ones marked (their links
 * are kept for a restore); a peer assessor sees only current items that support a criterion of
 * an assessment shared with them, and opens the file or address directly.
 */
export function evidenceRecords(
  evidence: Pick<EvidenceService, 'list' | 'currentSupport'>,
  assessments: AssessorEvidenceAccess,
): RecordTypeSource {
  function summary(item: Item, viewer: Viewer): RecordSummary {
    const insider = STAFF.includes(viewer.role);
    const href = insider
      ? `/evidence/${item.id}`
      : item.kind === 'upload'
        ? `/evidence/${item.id}/file`
        : item.kind === 'link'
          ? item.url
          : null;
    const tag = item.withdrawnAt
      ? ({ key: 'thread.tag.withdrawn', colour: 'grey' } as const)
      : item.stale
        ? ({ key: 'thread.tag.reviewOverdue', colour: 'red' } as const)
        : undefined;
    return {
      id: item.id,
      title: item.title,
      href,
      tag,
      closed: item.withdrawnAt ? 'thread.closed.withdrawn' : undefined,
    };
  }

  async function mayOpen(organisationId: string, item: Item, viewer: Viewer): Promise<boolean> {
    if (STAFF.includes(viewer.role)) return true;
    if (item.withdrawnAt) return false;
    return assessments.assessorMayOpenEvidence(
      organisationId,
      await evidence.currentSupport(organisationId, item.id),
    );
  }

  return {
    type: 'evidence',
    async describe(organisationId, ids, viewer) {
      const wanted = new Set(ids);
      const items = (await evidence.list(organisationId, { withdrawn: true })).filter((item) =>
        wanted.has(item.id),
      );
      const found = new Map<string, RecordSummary>();
      for (const item of items)
        if (await mayOpen(organisationId, item, viewer)) found.set(item.id, summary(item, viewer));
      return found;
    },
    async candidates(organisationId, viewer) {
      if (!STAFF.includes(viewer.role)) return [];
      return (await evidence.list(organisationId)).map((item) => summary(item, viewer));
    },
  };
}
