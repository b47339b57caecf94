import { LEADS } from '../../platform/roles.ts';
import type { RecordTypeSource } from '../../thread/record-registry.ts';
import type { PayrollService } from './payroll.service.ts';

/**
 * A payroll snapshot's pay gaps on the golden thread, so an action can be linked to the figure it
 * is meant to move. Pay data is for the equality lead and administrators, and so are these.
 */
export function payGapRecords(payroll: Pick<PayrollService, 'snapshots'>): RecordTypeSource {
  const list = async (organisationId: string) =>
    (await payroll.snapshots(organisationId)).map((snapshot) => ({
      id: snapshot.id,
      title: snapshot.fileName,
      label: { key: 'thread.label.payGap', values: { date: snapshot.snapshotDate } },
      href: `/workforce/pay-gaps/${snapshot.id}`,
    }));
  return {
    type: 'pay-gap',
    async describe(organisationId, ids, viewer) {
      if (!LEADS.includes(viewer.role)) return new Map();
      const wanted = new Set(ids);
      return new Map(
        (await list(organisationId)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId, viewer) => (LEADS.includes(viewer.role) ? list(organisationId) : []),
  };
}
