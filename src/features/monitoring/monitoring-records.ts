import type { RecordTypeSource } from '../../thread/record-registry.ts';
import type { MonitoringService } from './monitoring.service.ts';

/**
 * A monitored service on the golden thread, so the action raised for a gap (a group the service
 * does not reach, a question it does not ask) is linked to the figures it is meant to move.
 * Monitoring is aggregates under disclosure control, read by all staff, and so are these.
 */
export function monitoredServiceRecords(monitoring: Pick<MonitoringService, 'services'>): RecordTypeSource {
  const list = async (organisationId: string) =>
    (await monitoring.services(organisationId)).map((service) => ({
      id: service.id,
      title: service.name,
      label: { key: 'thread.label.monitoredService', values: { name: service.name } },
      href: `/monitoring/services/${service.id}`,
    }));
  return {
    type: 'monitored-service',
    async describe(organisationId, ids) {
      const wanted = new Set(ids);
      return new Map(
        (await list(organisationId)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId) => list(organisationId),
  };
}
