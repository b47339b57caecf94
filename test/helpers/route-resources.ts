import { randomBytes } from 'node:crypto';
import type { RouteEntry } from '../../src/platform/authorisation.ts';
import type { TenantResource } from '../../src/platform/access.ts';
import type { TestApp } from './test-app.ts';
import type { ParsedPlan } from '../../src/features/action-plan/plan-parser.ts';
import { addTestUser } from './fixtures.ts';
import { findBuiltIn } from '../../src/features/frameworks/built-in-frameworks.ts';
import { STAFF } from '../../src/platform/roles.ts';

/**
 * Makes a fresh record of each tenant-owned kind that routes reach by id. A new kind of resource
 * must be added here, or the authorisation and tenancy tests fail for its routes.
 */
let sequence = 0;

/** A one-action plan with a unique reference, as the importer would read it. */
function tinyPlan(): ParsedPlan {
  sequence += 1;
  const reference = `99.${sequence}`;
  return {
    title: 'Fixture plan',
    versionLabel: null,
    problems: [],
    areas: [
      {
        title: 'Fixture area',
        description: null,
        criteriaHeading: 'EFLG',
        actions: [
          {
            reference,
            parentReference: null,
            text: `Fixture action ${reference}`,
            target: { kind: 'date', text: 'December 2030', end: '2030-12-31', precision: 'month' },
            leads: [],
            partners: [],
            criteria: ['1.1'],
            strands: ['all'],
            linkedTo: null,
            line: 1,
          },
        ],
      },
    ],
  };
}

/** An impact assessment screened out, with nothing changing, and sent for review (version 4). */
async function assessmentInReview(app: TestApp, organisationId: string): Promise<string> {
  const eqia = app.services.eqia;
  const id = await eqia.create(TEST_ACTOR, organisationId, { title: `Fixture reviewed ${(sequence += 1)}` });
  const template = await eqia.template(organisationId);
  await eqia.saveScreening(TEST_ACTOR, organisationId, id, 1, {
    answers: Object.fromEntries(template.screening.map((question) => [question.id, 'no'])),
    reason: 'A fixture',
  });
  await eqia.saveOutcome(TEST_ACTOR, organisationId, id, 2, {
    outcome: 'no_change',
    reason: '',
    reviewOn: null,
  });
  await eqia.submitForReview(TEST_ACTOR, organisationId, id, 3);
  return id;
}

/**
 * Records that a route reaches by two parameters (an organisation's short name and one of its
 * publications): each factory gives the value of every parameter.
 */
const multiParamFactories = {
  /** An organisation's short name and a published (signed-off) impact assessment of it. */
  async publishedAssessment(app: TestApp, organisationId: string): Promise<Record<string, string>> {
    const id = await assessmentInReview(app, organisationId);
    await app.services.eqia.approve(
      TEST_ACTOR,
      { userId: null, role: 'equality_lead' },
      organisationId,
      id,
      4,
    );
    const publicationId = await app.services.eqiaPublishing.publish(TEST_ACTOR, organisationId, id);
    return {
      organisation: (await app.services.organisations.get(organisationId)).slug,
      publicationId,
    };
  },
};

export const resourceFactories: Record<
  Exclude<TenantResource, keyof typeof multiParamFactories>,
  (app: TestApp, organisationId: string, userId?: string) => Promise<string>
> = {
  async member(app, organisationId) {
    const user = await addTestUser(
      app.db,
      organisationId,
      'viewer',
      `member-${randomBytes(4).toString('hex')}@fixture.test`,
    );
    return user.id;
  },
  async invitation(app, organisationId) {
    const created = await app.services.team.invite({ userId: null, label: 'Test' }, organisationId, {
      email: `invitee-${randomBytes(4).toString('hex')}@fixture.test`,
      displayName: 'Invitee',
      role: 'viewer',
    });
    return created.invitationId;
  },
  /** An action led by `userId`, so a contributor may post progress on it. */
  async action(app, organisationId, userId) {
    const plan = tinyPlan();
    await app.services.actionPlan.importDirect(
      { userId: null, label: 'Test' },
      organisationId,
      'fixture',
      plan,
    );
    const reference = plan.areas[0]!.actions[0]!.reference;
    const action = await app.db
      .selectFrom('actions')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    if (userId) {
      await app.db
        .updateTable('actions')
        .set({ leads: JSON.stringify([{ name: 'Fixture lead', team: null, userId }]) })
        .where('id', '=', action.id)
        .execute();
    }
    return action.id;
  },
  async objective(app, organisationId) {
    return app.services.objectives.create({ userId: null, label: 'Test' }, organisationId, {
      reference: null,
      title: `Fixture objective ${(sequence += 1)}`,
      description: null,
      kind: 'organisational',
      ways: ['One way'],
      ownerName: null,
      periodStart: '2026-04-01',
      reviewDue: '2030-03-31',
      indicators: null,
      criteriaRefs: [],
      status: 'active',
    });
  },
  async planVersion(app, organisationId) {
    if ((await app.services.actionPlan.list(organisationId)).length === 0)
      await resourceFactories.action(app, organisationId);
    const published = await app.services.actionPlan.publish(
      { userId: null, label: 'Test' },
      organisationId,
      `Fixture ${(sequence += 1)}`,
    );
    if (!('id' in published)) throw new Error(published.problem);
    return published.id;
  },
  /** The organisation's short name, once it has put a plan version on its public page. */
  async publishedOrganisation(app, organisationId) {
    const versionId = await resourceFactories.planVersion(app, organisationId);
    await app.services.publication.publish({ userId: null, label: 'Test' }, organisationId, versionId);
    return (await app.services.organisations.get(organisationId)).slug;
  },
  async group(app, organisationId) {
    return app.services.groups.create({ userId: null, label: 'Test' }, organisationId, {
      name: `Fixture group ${(sequence += 1)}`,
      purpose: null,
    });
  },
  async catalogueEntry(app, organisationId) {
    return app.services.dataCatalogue.add({ userId: null, label: 'Test' }, organisationId, {
      title: `Fixture data ${(sequence += 1)}`,
      service: 'Housing',
      owner: 'Housing data team',
      characteristics: ['disability'],
      geography: null,
      frequency: null,
      location: null,
      legalBasis: null,
      retention: null,
    });
  },
  /** A staged dataset file, checked but not yet imported. */
  async dataUpload(app, organisationId) {
    const text = [
      'TS008 - Sex',
      'Area,Total: All usual residents,%,Female,%,Male,%',
      'E07000223 : Adur,100,100,52,52,48,48',
    ].join('\n');
    return app.services.communities.stageUpload(organisationId, 'fixture.csv', Buffer.from(text));
  },
  /** An area the organisation holds (a local authority), by its GSS code. */
  async area(app, organisationId) {
    const code = `E07${String(900000 + (sequence += 1)).padStart(6, '0')}`;
    await app.services.communities.importBoundaries(
      { userId: null, label: 'Test' },
      organisationId,
      'fixture.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { LAD22CD: code, LAD22NM: `Fixture ${code}` }, geometry: null },
        ],
      }),
    );
    return code;
  },
  /** A dataset the organisation imported. */
  async dataset(app, organisationId) {
    const code = await resourceFactories.area(app, organisationId);
    const text = [
      'TS008 - Sex',
      'Area,Total: All usual residents,%,Female,%,Male,%',
      `${code} : Fixture,100,100,52,52,48,48`,
    ].join('\n');
    const imported = await app.services.communities.importDataset(
      { userId: null, label: 'Test' },
      organisationId,
      'fixture.csv',
      text,
    );
    return imported.datasets[0]!.datasetId;
  },
  /** A share of the organisation's dataset with a partner organisation made for the purpose. */
  async datasetShare(app, organisationId) {
    const datasetId = await resourceFactories.dataset(app, organisationId);
    const slug = `fixture-partner-${(sequence += 1)}`;
    await app.services.organisations.create(
      { userId: null, label: 'Test' },
      { name: `Fixture partner ${sequence}`, slug },
    );
    return app.services.datasetSharing.share({ userId: null, label: 'Test' }, organisationId, datasetId, {
      partner: slug,
      purpose: 'Fixture',
    });
  },
  /** A payroll file staged for its preview. */
  async payrollUpload(app, organisationId) {
    return app.services.payroll.stageUpload(
      organisationId,
      { fileName: 'payroll.csv', content: Buffer.from(tinyPayroll()) },
      { day: '31', month: '3', year: '2026' },
    );
  },
  /** An imported payroll snapshot. */
  async payrollSnapshot(app, organisationId) {
    const uploadId = await resourceFactories.payrollUpload(app, organisationId);
    return app.services.payroll.importUpload({ userId: null, label: 'Test' }, organisationId, uploadId);
  },
  async employeeJourney(app, organisationId) {
    return app.services.employeeJourneys.import({ userId: null, label: 'Test' }, organisationId, {
      title: `Fixture journey ${(sequence += 1)}`,
      fileName: 'journey.csv',
      text: 'Stage,White,BME\nShortlisted,20,10\nAppointed,5,2\n',
    });
  },
  async monitoredService(app, organisationId) {
    return app.services.monitoring.createService({ userId: null, label: 'Test' }, organisationId, {
      name: `Fixture service ${(sequence += 1)}`,
      catchmentAreaCode: '',
    });
  },
  async impactAssessment(app, organisationId) {
    return app.services.eqia.create(TEST_ACTOR, organisationId, {
      title: `Fixture assessment ${(sequence += 1)}`,
    });
  },
  async eqiaProgramme(app, organisationId) {
    return app.services.eqia.createProgramme(TEST_ACTOR, organisationId, {
      title: `Fixture programme ${(sequence += 1)}`,
      description: '',
    });
  },
  /** A comment on an assessment sent for review: screened out, with nothing changing. */
  async eqiaComment(app, organisationId) {
    const eqia = app.services.eqia;
    const id = await assessmentInReview(app, organisationId);
    await eqia.addComment(
      TEST_ACTOR,
      { userId: null, role: 'equality_lead' },
      organisationId,
      id,
      'A comment',
    );
    const page = await eqia.page(organisationId, id, { userId: null, role: 'equality_lead' });
    return page.comments[0]!.id;
  },
  async reviewerLink(app, organisationId) {
    const id = await assessmentInReview(app, organisationId);
    await app.services.eqiaReviewers.invite(TEST_ACTOR, organisationId, id, { name: 'A friend', group: '' });
    return (await app.services.eqiaReviewers.list(organisationId, id))[0]!.id;
  },
  async challengeImport(app, organisationId) {
    return app.services.challenges.stageText(TEST_ACTOR, organisationId, tinyChallengeReport());
  },
  async peerChallenge(app, organisationId) {
    return tinyChallenge(app, organisationId);
  },
  async challengeFinding(app, organisationId) {
    const challengeId = await tinyChallenge(app, organisationId);
    const overview = await app.services.challenges.overview(organisationId, challengeId);
    return overview.findings[0]!.id;
  },
  async planImport(app, organisationId) {
    return app.services.actionPlan.preview(
      { userId: null, label: 'Test' },
      organisationId,
      'fixture',
      'text',
      tinyPlan(),
    );
  },
  /** An evidence item owned by `userId`, so a contributor may change it. */
  async evidence(app, organisationId, userId) {
    // Only a member of staff can own evidence (an assessor cannot).
    const membership = userId
      ? await app.db
          .selectFrom('memberships')
          .select('role')
          .where('organisation_id', '=', organisationId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      : undefined;
    const owner = membership && STAFF.includes(membership.role) ? userId! : null;
    return app.services.evidence.create(
      { userId: null, label: 'Test' },
      organisationId,
      {
        title: `Fixture evidence ${(sequence += 1)}`,
        kind: 'link',
        url: 'https://example.org/report.pdf',
        record: null,
        description: null,
        ownerUserId: owner,
        evidenceDate: null,
        reviewDate: null,
        strands: [],
      },
      null,
      { frameworkId: 'eflg-2021', criterionRef: '1.1.1' },
    );
  },
  /** An EFLG 2021 assessment, shared with assessors so they reach its pages too. */
  async assessment(app, organisationId) {
    const id = await app.services.assessments.start({ userId: null, label: 'Test' }, organisationId, {
      frameworkKey: 'eflg-2021@2021',
      title: `Fixture assessment ${(sequence += 1)}`,
      scope: [],
      targetLevel: 'achieving',
      ownerUserId: null,
    });
    const { assessment } = await app.services.assessments.load(organisationId, id, {
      userId: null,
      role: 'admin',
    });
    await app.services.assessments.changeSettings(
      { userId: null, label: 'Test' },
      organisationId,
      id,
      assessment.version,
      {
        title: assessment.title,
        targetLevel: 'achieving',
        ownerUserId: null,
        sharedWithAssessors: true,
        status: 'in_progress',
      },
    );
    return id;
  },
  /** A definition only this organisation has loaded: another organisation must get a 404 for it. */
  async frameworkDefinition(app, organisationId) {
    const definition = structuredClone(findBuiltIn('eflg-2021@2021')!);
    definition.version = `fixture-${(sequence += 1)}-${randomBytes(3).toString('hex')}`;
    const result = await app.services.frameworks.importText(
      { userId: null, label: 'Test' },
      organisationId,
      JSON.stringify(definition),
    );
    if (!result.ok) throw new Error(result.problems.join('\n'));
    return encodeURIComponent(result.key);
  },
  async auditEvent(app, organisationId) {
    const events = await app.services.auditLog.recent(organisationId, 1);
    if (!events[0]) throw new Error('The organisation has no audit events to point at');
    return events[0].id;
  },
};

/**
 * Parameters that are not record ids but capabilities: whoever holds the token is entitled to
 * the page (an invitation link). They cannot be "another tenant's record".
 */
export const CAPABILITY_PARAMS = new Set(['token']);

/**
 * Parameters that name a part of a record already reached by id (a criterion of an assessment),
 * filled with a value every fixture has. Fixture assessments use EFLG 2021, which has 1.1.1.
 */
export const PART_PARAMS: Record<string, string> = { criterionRef: '1.1.1' };

export function routeParams(url: string): string[] {
  return [...url.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
}

/** The route's URL with its parameters filled in with a record of `organisationId`. */
export async function concreteUrl(
  app: TestApp,
  route: RouteEntry,
  organisationId: string,
  userId?: string,
): Promise<string> {
  let url = route.url;
  for (const param of routeParams(route.url)) {
    let value: string;
    if (CAPABILITY_PARAMS.has(param)) value = randomBytes(32).toString('base64url');
    else if (param in PART_PARAMS) value = PART_PARAMS[param]!;
    else if (route.resource && route.resource in multiParamFactories) {
      const made = await multiParamFactories[route.resource as keyof typeof multiParamFactories](
        app,
        organisationId,
      );
      for (const [name, each] of Object.entries(made)) url = url.replace(`:${name}`, each);
      return url;
    } else if (route.resource)
      value = await resourceFactories[
        route.resource as Exclude<TenantResource, keyof typeof multiParamFactories>
      ](app, organisationId, userId);
    else throw new Error(`${route.method} ${route.url} has :${param} but declares no config.resource`);
    url = url.replace(`:${param}`, value);
  }
  return url;
}

const TEST_ACTOR = { userId: null, label: 'Test' };

/** A peer challenge report with one recommendation and one area of findings. */
function tinyChallengeReport(): string {
  sequence += 1;
  return [
    'Executive summary',
    'The council has completed a satisfactory self-assessment at the achieving level.',
    'Recommendations',
    `1. Fixture recommendation ${sequence}.`,
    'Detailed findings',
    'Knowing your communities',
    'Strengths:',
    '1. Ward profiles are refreshed every quarter.',
    'Areas for consideration:',
    '1. Leisure collects no monitoring data.',
  ].join('\n');
}

async function tinyChallenge(app: TestApp, organisationId: string): Promise<string> {
  const importId = await app.services.challenges.stageText(TEST_ACTOR, organisationId, tinyChallengeReport());
  return app.services.challenges.confirm(TEST_ACTOR, organisationId, importId, {
    title: `Fixture challenge ${sequence}`,
    level: 'achieving',
    visitedOn: '2026-03-01',
    revisitOn: null,
    placement: new Map(),
  });
}

function tinyPayroll(): string {
  return [
    'Employee number,Sex,Ordinary pay,Days in pay period,Weekly hours',
    'A1,F,2000,30.44,37',
    'A2,M,2100,30.44,37',
  ].join('\n');
}
