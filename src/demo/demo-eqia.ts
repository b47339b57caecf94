import { addDays } from '../platform/dates.ts';
import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';
import { DEMO_AUTHORITY } from './demo-communities.ts';

/**
 * The demo district's budget round: ten savings and change proposals, each with its impact
 * assessment (written for the demo), so the programme's matrix shows several proposals falling on
 * disabled and older residents. One is signed off after a critical friend's review and published
 * (with a resident's comment), one is with its critical friends (one of them invited by link),
 * and the day centre proposal has a mitigation in the plan.
 */
const PROPOSALS: {
  title: string;
  service: string;
  adverse: Record<string, 'low' | 'medium' | 'high'>;
  positive?: string[];
}[] = [
  {
    title: 'Reduce library opening hours',
    service: 'Libraries',
    adverse: { age: 'medium', disability: 'medium' },
  },
  {
    title: 'End the rural bus subsidy',
    service: 'Transport',
    adverse: { age: 'high', disability: 'high', rurality: 'high' },
  },
  {
    title: 'Merge the two day centres',
    service: 'Adult social care',
    adverse: { disability: 'high', carers: 'medium' },
  },
  {
    title: 'Move council tax enquiries online',
    service: 'Customer services',
    adverse: { age: 'medium', disability: 'low' },
  },
  { title: 'Charge for garden waste collection', service: 'Waste', adverse: { 'socio-economic': 'low' } },
  {
    title: 'Close the Harbour Road public toilets',
    service: 'Facilities',
    adverse: { disability: 'medium', pregnancy: 'low', age: 'low' },
  },
  {
    title: 'New leisure centre pricing',
    service: 'Leisure',
    adverse: { 'socio-economic': 'medium' },
    positive: ['disability'],
  },
  {
    title: 'Single front door for housing advice',
    service: 'Housing options',
    adverse: {},
    positive: ['race', 'disability'],
  },
  {
    title: 'Reduce grants to community groups',
    service: 'Communities',
    adverse: { race: 'medium', religion: 'low' },
  },
  { title: 'Replace paper parking permits with digital ones', service: 'Parking', adverse: { age: 'low' } },
];

export async function seedDemoEqia(services: Services, organisationId: string, lead: Actor): Promise<void> {
  const eqia = services.eqia;
  const programmeId = await eqia.createProgramme(lead, organisationId, {
    title: 'Budget proposals 2027/28',
    description: 'The savings and change proposals going to Cabinet in February.',
  });
  const template = await eqia.template(organisationId);
  const monitored = await services.monitoring.services(organisationId);
  const today = new Date().toISOString().slice(0, 10);
  const ids: string[] = [];
  for (const proposal of PROPOSALS) {
    const id = await eqia.create(lead, organisationId, {
      title: proposal.title,
      service: proposal.service,
      leadOfficer: 'Tom Baker',
      description: `A proposal in the 2027/28 budget round for ${proposal.service.toLowerCase()}.`,
      affected: 'Residents and service users',
      decisionBody: 'Cabinet, February',
      areaCode: DEMO_AUTHORITY.code,
      monitoredServiceId: monitored.find((one) => one.name === proposal.service)?.id ?? '',
      programmeId,
    });
    ids.push(id);
    let version = 1;
    await eqia.saveScreening(lead, organisationId, id, version++, {
      answers: Object.fromEntries(
        template.screening.map((question) => [
          question.id,
          ['affectsPeople', 'changesService', 'largeBudget'].includes(question.id) ? 'yes' : 'no',
        ]),
      ),
      reason: '',
    });
    const values: Record<string, string> = {
      'aim-advance': 'Considered for each group below; the adverse impacts are set out with their evidence.',
      consultation:
        'A public consultation ran for eight weeks, with drop-in sessions and an easy-read version.',
    };
    for (const characteristic of template.characteristics) {
      const severity = proposal.adverse[characteristic.id];
      values[`nature-${characteristic.id}`] = severity
        ? 'negative'
        : proposal.positive?.includes(characteristic.id)
          ? 'positive'
          : 'neutral';
      if (severity) {
        values[`severity-${characteristic.id}`] = severity;
        values[`evidence-${characteristic.id}`] = 'Consultation responses and the service’s own monitoring.';
      }
    }
    await eqia.saveImpacts(lead, organisationId, id, version++, values);
    const adverse = Object.keys(proposal.adverse).length > 0;
    await eqia.saveOutcome(lead, organisationId, id, version++, {
      outcome: adverse ? 'adjust' : 'no_change',
      reason: adverse ? 'Changed to reduce the adverse impacts found; see the mitigations.' : '',
      reviewOn: addDays(today, 365),
    });
  }
  const [library, , dayCentres] = ids;
  await eqia.addMitigation(lead, organisationId, dayCentres!, {
    text: 'Offer every day centre user a place at the merged centre, with accessible transport',
    targetEnd: addDays(today, 150),
  });
  await eqia.submitForReview(lead, organisationId, dayCentres!, 4);
  await eqia.submitForReview(lead, organisationId, library!, 4);
  await eqia.addComment(
    { userId: null, label: 'Disability Advisory Group' },
    { userId: null, role: 'equality_lead' },
    organisationId,
    library!,
    'Late opening on one evening would help people who work and rely on the library’s computers.',
  );
  const [comment] = (await eqia.page(organisationId, library!, { userId: null, role: 'equality_lead' }))
    .comments;
  await eqia.respond(lead, organisationId, comment!.id, 'Agreed: Thursday opening stays until 7pm.');
  await eqia.approve(lead, { userId: lead.userId, role: 'equality_lead' }, organisationId, library!, 5);

  // On the public register, with a resident's comment for the team to read.
  const published = await services.eqiaPublishing.publish(lead, organisationId, library!);
  const organisation = await services.organisations.get(organisationId);
  await services.eqiaPublishing.addPublicComment(organisation.slug, published, {
    name: 'R. Hughes',
    email: '',
    text: 'Saturday afternoons are the only time I can get to the library with my children. Please keep them.',
  });

  // A critical friend from outside, invited by link, has commented on the day centres.
  const link = await services.eqiaReviewers.invite(lead, organisationId, dayCentres!, {
    name: 'Pat Morgan',
    group: 'Carers’ Forum',
  });
  await services.eqiaReviewers.comment(
    new URL(link.url).pathname.split('/').pop()!,
    'Carers will need to know the new pick-up times at least a month ahead.',
  );
}
