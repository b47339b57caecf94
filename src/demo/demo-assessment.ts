import type { Actor } from '../platform/audit/audit.ts';
import { THE_SYSTEM } from '../platform/roles.ts';
import type { Services } from '../services.ts';

/**
 * A partly complete EFLG 2021 self-assessment for the demo council, on its "journey to
 * Achieving": module 2 at Developing, module 1 nearly there, evidence (one item past its review
 * date, one withdrawn when the Census 2021 profile replaced it), an action raised from a gap and an
 * assessor's comment.
 */
const RATED: { ref: string; rating: 'met' | 'partly_met'; narrative: string; evidence?: number }[] = [
  {
    ref: '1.1.1',
    rating: 'met',
    narrative:
      'Each directorate has listed the equality monitoring it collects; the gaps (disability and sexual orientation in housing) are in the data improvement plan.',
    evidence: 0,
  },
  {
    ref: '1.2.1',
    rating: 'met',
    narrative:
      'The 2021 Census community profile is published by ward, with equality maps for age, ethnicity and disability.',
    evidence: 1,
  },
  {
    ref: '1.3.1',
    rating: 'met',
    narrative:
      'The consultation and engagement strategy names the networks we use to reach seldom-heard groups, including the parish councils.',
    evidence: 2,
  },
  {
    ref: '1.4.1',
    rating: 'met',
    narrative:
      'Hate incidents can be reported at six third-party reporting centres and online; the community safety partnership reviews tensions monthly.',
    evidence: 3,
  },
  {
    ref: '1.5.1',
    rating: 'partly_met',
    narrative: 'We publish councillor diversity data; co-optees are not yet covered.',
  },
  {
    ref: '2.1.1',
    rating: 'met',
    narrative:
      'The Leader and Chief Executive signed the equality policy statement; the portfolio holder and lead officer are named in the constitution.',
    evidence: 4,
  },
  {
    ref: '2.2.1',
    rating: 'met',
    narrative: 'Equality objectives for 2024–2028 were agreed by Cabinet and published.',
    evidence: 5,
  },
  {
    ref: '2.3.1',
    rating: 'met',
    narrative:
      'The impact assessment template and guidance were refreshed; 64 officers were trained this year.',
    evidence: 6,
  },
  {
    ref: '2.4.1',
    rating: 'met',
    narrative: 'The annual equality report goes to the Strategic Equalities Group and Scrutiny each autumn.',
    evidence: 7,
  },
  {
    ref: '2.3.2',
    rating: 'partly_met',
    narrative:
      'Most key decisions carry an impact assessment, but not all are published with the committee report.',
  },
  {
    ref: '4.1.1',
    rating: 'met',
    narrative: 'The workforce profile is compared with the district population each year.',
    evidence: 8,
  },
];

const EVIDENCE = [
  {
    title: 'Data improvement plan 2025',
    url: 'https://www.demo-district.example/equality/data-plan',
    reviewDate: '2026-09-30',
  },
  {
    title: 'Community profile: Census 2021',
    url: 'https://www.demo-district.example/equality/community-profile',
    reviewDate: '2027-12-31',
  },
  {
    title: 'Consultation and engagement strategy',
    url: 'https://www.demo-district.example/consultation/strategy',
    reviewDate: '2027-06-30',
  },
  {
    title: 'Third-party hate incident reporting centres',
    url: 'https://www.demo-district.example/community-safety/hate-crime',
    reviewDate: '2027-03-31',
  },
  {
    title: 'Equality policy statement',
    url: 'https://www.demo-district.example/equality/policy',
    reviewDate: '2027-04-30',
  },
  {
    title: 'Equality objectives 2024–2028',
    url: 'https://www.demo-district.example/equality/objectives',
    reviewDate: '2028-03-31',
  },
  {
    title: 'Equality impact assessment toolkit',
    url: 'https://www.demo-district.example/equality/eqia-toolkit',
    reviewDate: '2027-01-31',
  },
  {
    title: 'Annual equality report 2025',
    url: 'https://www.demo-district.example/equality/annual-report-2025',
    reviewDate: '2026-12-31',
  },
  {
    title: 'Workforce equality profile 2025',
    url: 'https://www.demo-district.example/jobs/workforce-profile',
    reviewDate: '2027-03-31',
  },
];

export async function seedDemoAssessment(
  services: Services,
  organisationId: string,
  people: { lead: string; officer: string; assessor: string },
) {
  const lead: Actor = { userId: people.lead, label: 'Priya Shah (equality.lead@demo-district.example)' };
  const evidenceIds: string[] = [];
  for (const item of EVIDENCE)
    evidenceIds.push(
      await services.evidence.create(
        lead,
        organisationId,
        {
          title: item.title,
          kind: 'link',
          url: item.url,
          record: null,
          description: null,
          ownerUserId: people.lead,
          evidenceDate: null,
          reviewDate: item.reviewDate,
          strands: ['all'],
        },
        null,
        null,
      ),
    );
  const id = await services.assessments.start(lead, organisationId, {
    frameworkKey: 'eflg-2021@2021',
    title: 'EFLG self-assessment 2026: journey to Achieving',
    scope: [],
    targetLevel: 'achieving',
    ownerUserId: people.lead,
  });
  const viewer = { userId: people.lead, role: 'equality_lead' as const };
  for (const rated of RATED) {
    await services.assessments.rate(lead, viewer, organisationId, id, rated.ref, 0, {
      rating: rated.rating,
      score: null,
      narrative: rated.narrative,
      ownerUserId: people.lead,
      reviewDate: null,
    });
    if (rated.evidence !== undefined)
      await services.evidence.link(lead, organisationId, evidenceIds[rated.evidence]!, {
        frameworkId: 'eflg-2021',
        criterionRef: rated.ref,
      });
  }
  // The 2011 profile supported 1.2.1 until the Census 2021 profile replaced it: withdrawn, not deleted.
  const superseded = await services.evidence.create(
    lead,
    organisationId,
    {
      title: 'Community profile: Census 2011',
      kind: 'link',
      url: 'https://www.demo-district.example/equality/community-profile-2011',
      record: null,
      description: 'Ward profiles from the 2011 Census.',
      ownerUserId: people.lead,
      evidenceDate: '2013-05-31',
      reviewDate: '2021-12-31',
      strands: ['all'],
    },
    null,
    { frameworkId: 'eflg-2021', criterionRef: '1.2.1' },
  );
  await services.evidence.withdraw(
    lead,
    THE_SYSTEM,
    organisationId,
    superseded,
    1,
    'Superseded by the Census 2021 community profile',
  );
  // The Census profile also serves the NHS EDS 2022 outcome on access (shared with health partners).
  await services.evidence.link(lead, organisationId, evidenceIds[1]!, {
    frameworkId: 'nhs-eds-2022',
    criterionRef: '1A',
  });
  await services.assessments.setContributors(lead, organisationId, id, '3', [people.officer]);
  await services.assessments.createAction(lead, organisationId, id, '2.3.2', {
    text: 'Publish every equality impact assessment alongside the committee report it informs',
    targetEnd: '2027-03-31',
    leadUserId: people.lead,
  });
  const { assessment } = await services.assessments.load(organisationId, id, viewer);
  await services.assessments.changeSettings(lead, organisationId, id, assessment.version, {
    title: assessment.title,
    targetLevel: 'achieving',
    ownerUserId: people.lead,
    sharedWithAssessors: true,
    status: 'in_progress',
  });
  await services.assessments.comment(
    { userId: people.assessor, label: 'Dr Sam Okafor (assessor@demo-district.example)' },
    { userId: people.assessor, role: 'assessor' },
    organisationId,
    id,
    '2.4.1',
    'The annual report is clear. At the visit we will ask how Scrutiny challenged it and what changed as a result.',
  );
}
