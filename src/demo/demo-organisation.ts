import type { Role } from '../platform/roles.ts';
import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';
import { seedDemoAssessment } from './demo-assessment.ts';
import { seedDemoCommunities } from './demo-communities.ts';
import { seedDemoMonitoring } from './demo-monitoring.ts';
import { seedDemoPayroll } from './demo-payroll.ts';
import { seedDemoChallenge } from './demo-challenge.ts';
import { seedDemoEqia } from './demo-eqia.ts';
import { DEMO_PROGRESS, demoActionPlan, demoObjectives } from './demo-action-plan.ts';

/**
 * The demo: two fictional councils and one account per role, created through the same services
 * as real data so the audit trail is genuine. Demo accounts are flagged, and a production start
 * refuses to run while any exist.
 */
export const DEMO_PASSWORD = 'try-equalis-demo';
export const DEMO_DISTRICT = { name: 'Demo District Council', slug: 'demo-district' };
export const DEMO_COUNTY = { name: 'Demo County Council', slug: 'demo-county' };

export const DEMO_ACCOUNTS: { email: string; displayName: string; role: Role; why: string }[] = [
  {
    email: 'admin@demo-district.example',
    displayName: 'Alex Morgan',
    role: 'admin',
    why: 'runs the service',
  },
  {
    email: 'equality.lead@demo-district.example',
    displayName: 'Priya Shah',
    role: 'equality_lead',
    why: 'equality and diversity officer; also works for Demo County Council',
  },
  {
    email: 'lead.officer@demo-district.example',
    displayName: 'Tom Evans',
    role: 'contributor',
    why: 'housing services lead officer',
  },
  {
    email: 'councillor@demo-district.example',
    displayName: 'Cllr Margaret Hughes',
    role: 'viewer',
    why: 'scrutiny committee member',
  },
  {
    email: 'assessor@demo-district.example',
    displayName: 'Dr Sam Okafor',
    role: 'assessor',
    why: 'peer assessor from another council',
  },
];

export const DEMO_SETUP_ACTOR: Actor = { userId: null, label: 'Demo set-up' };
const SETUP = DEMO_SETUP_ACTOR;

/** Creates the demo organisations if they are not there yet. Returns false if they already were. */
export async function ensureDemoOrganisation(services: Services): Promise<boolean> {
  if (await services.organisations.findBySlug(DEMO_DISTRICT.slug)) return false;
  const district = await services.organisations.create(SETUP, DEMO_DISTRICT);
  const county = await services.organisations.create(SETUP, DEMO_COUNTY);
  const users = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    // Tom starts as a viewer and is promoted below, so the demo audit log shows a role change.
    const role = account.email.startsWith('lead.officer') ? 'viewer' : account.role;
    const user = await services.team.addMember(SETUP, district.id, {
      ...account,
      role,
      password: DEMO_PASSWORD,
      isDemo: true,
    });
    users.set(account.email, user.id);
  }
  const admin = users.get('admin@demo-district.example') as string;
  const adminActor: Actor = { userId: admin, label: 'Alex Morgan (admin@demo-district.example)' };

  // The partnership officer shared between district and county (EFLG assessors ask for this).
  await services.team.addMember(SETUP, county.id, {
    email: 'equality.lead@demo-district.example',
    displayName: 'Priya Shah',
    role: 'equality_lead',
    password: DEMO_PASSWORD,
  });
  await services.team.addMember(SETUP, county.id, {
    email: 'admin@demo-county.example',
    displayName: 'Jordan Reid',
    role: 'admin',
    password: DEMO_PASSWORD,
    isDemo: true,
  });

  await services.organisations.updateSettings(adminActor, district.id, district.version, {
    name: DEMO_DISTRICT.name,
    brandColour: '#00703c',
  });
  const tom = users.get('lead.officer@demo-district.example') as string;
  await services.team.changeRole(adminActor, district.id, tom, 1, 'contributor');
  await services.team.invite(adminActor, district.id, {
    email: 'hr.partner@demo-district.example',
    displayName: 'Rachel Green',
    role: 'contributor',
  });
  await seedDemoPlan(services, district.id, users);
  await seedDemoCommunities(services, district.id, adminActor);
  await seedDemoPayroll(services, district.id, adminActor);
  await seedDemoMonitoring(services, district.id, adminActor);
  const leadActor: Actor = {
    userId: users.get('equality.lead@demo-district.example')!,
    label: 'Priya Shah (equality.lead@demo-district.example)',
  };
  await seedDemoChallenge(services, district.id, leadActor);
  await seedDemoEqia(services, district.id, leadActor);
  await seedDemoAssessment(services, district.id, {
    lead: users.get('equality.lead@demo-district.example')!,
    officer: tom,
    assessor: users.get('assessor@demo-district.example')!,
  });
  return true;
}

async function seedDemoPlan(services: Services, organisationId: string, users: Map<string, string>) {
  const imported = await services.actionPlan.importDirect(
    SETUP,
    organisationId,
    'equality action plan.docx',
    demoActionPlan(new Date()),
  );
  if (imported.problems.length > 0)
    throw new Error(`The demo plan has problems: ${JSON.stringify(imported.problems)}`);
  const plan = await services.actionPlan.grouped(organisationId);
  const actions = plan.areas.flatMap((area) => area.actions);
  const group = await services.groups.create(SETUP, organisationId, {
    name: 'Strategic Equalities Group',
    purpose:
      'Chaired by the Chief Executive; meets quarterly to oversee the equality objectives and the corporate action plan.',
  });
  await services.groups.addMember(SETUP, organisationId, group, {
    userId: users.get('admin@demo-district.example')!,
    name: null,
    roleInGroup: 'Chair',
  });
  await services.groups.addMember(SETUP, organisationId, group, {
    userId: users.get('equality.lead@demo-district.example')!,
    name: null,
    roleInGroup: 'Lead officer',
  });
  await services.groups.addMember(SETUP, organisationId, group, {
    userId: null,
    name: 'Cllr Rob Patel',
    roleInGroup: 'Portfolio holder for communities',
  });
  for (const objective of demoObjectives(new Date())) {
    const id = await services.objectives.create(SETUP, organisationId, objective.values);
    for (const reference of objective.actions) {
      const action = actions.find((candidate) => candidate.reference === reference);
      if (!action) throw new Error(`Demo objective refers to an unknown action ${reference}`);
      await services.objectives.link(SETUP, organisationId, id, action.id);
    }
    await services.groups.oversee(SETUP, organisationId, group, { kind: 'objective', id });
  }
  for (const update of DEMO_PROGRESS) {
    const action = actions.find((candidate) => candidate.reference === update.reference);
    const userId = users.get(update.by);
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.email === update.by);
    if (!action || !userId || !account)
      throw new Error(`Demo progress refers to an unknown action or person: ${update.reference}`);
    await services.actionPlan.postProgress(
      { userId, label: `${account.displayName} (${account.email})` },
      { userId, role: account.role },
      organisationId,
      action.id,
      { note: update.note, state: update.state, percentComplete: update.percent },
    );
  }
  // The version reported to committee, shown with the objectives on the public page.
  const lead = users.get('equality.lead@demo-district.example')!;
  const leadActor: Actor = { userId: lead, label: 'Priya Shah (equality.lead@demo-district.example)' };
  const version = await services.actionPlan.publish(leadActor, organisationId, 'Six-month progress report');
  if (!('id' in version)) throw new Error(`The demo version could not be published: ${version.problem}`);
  await services.publication.publish(leadActor, organisationId, version.id);
}

export function demoSignInHelp(port: number): string {
  const lines = [
    `Equalis is running at http://localhost:${port}`,
    '',
    `Demo organisation: ${DEMO_DISTRICT.name} (all demo accounts use the password "${DEMO_PASSWORD}")`,
    `Its public page (no sign-in): http://localhost:${port}/p/${DEMO_DISTRICT.slug}`,
    ...DEMO_ACCOUNTS.map(
      (account) =>
        `  ${account.role.padEnd(14)} ${account.email.padEnd(38)} ${account.displayName}, ${account.why}`,
    ),
  ];
  return lines.join('\n');
}
