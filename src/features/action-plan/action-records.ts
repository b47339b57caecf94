import { STAFF } from '../../platform/roles.ts';
import type { RecordSummary, RecordTypeSource } from '../../thread/record-registry.ts';
import { STATUS_RAG } from './action-status.ts';
import type { ActionPlanService } from './action-plan.service.ts';

const TAG_COLOURS = { red: 'red', amber: 'orange', green: 'green', blue: 'blue', grey: 'grey' } as const;

/**
 * Actions on the golden thread, with their status. Peer assessors may learn that an action was
 * raised for a criterion (that is part of the assessment) but cannot open the plan.
 */
export function actionRecords(actionPlan: Pick<ActionPlanService, 'list'>): RecordTypeSource {
  async function summaries(organisationId: string, insider: boolean): Promise<RecordSummary[]> {
    return (await actionPlan.list(organisationId)).map((action): RecordSummary => ({
      id: action.id,
      title: action.text,
      // A heading that only groups sub-actions has no words of its own: its label says what it is.
      label: action.text
        ? { key: 'thread.label.action', values: { reference: action.reference } }
        : {
            key: 'thread.label.actionGroup',
            values: { reference: action.reference, count: String(action.children.length) },
          },
      href: insider ? `/plan/actions/${action.id}` : null,
      tag: { key: `status.${action.status}`, colour: TAG_COLOURS[STATUS_RAG[action.status]] },
    }));
  }
  return {
    type: 'action',
    async describe(organisationId, ids, viewer) {
      const wanted = new Set(ids);
      const all = await summaries(organisationId, STAFF.includes(viewer.role));
      return new Map(all.filter((one) => wanted.has(one.id)).map((one) => [one.id, one]));
    },
    candidates: async (organisationId, viewer) =>
      STAFF.includes(viewer.role) ? summaries(organisationId, true) : [],
  };
}
