import { SOON_DAYS } from '../action-plan/plan-filters.ts';
import type { ActionStatus } from '../action-plan/action-status.ts';
import { addDays } from '../../platform/dates.ts';

/**
 * Who should hear about what: each lead officer with an account gets one digest listing their
 * overdue actions and those due within SOON_DAYS days. People with nothing due get nothing.
 * Pure, so the rules are tested without a database or a mail server.
 */
export interface DigestAction {
  id: string;
  reference: string;
  text: string;
  targetText: string;
  targetEnd: string | null;
  status: ActionStatus;
  leads: { userId: string | null }[];
  children: unknown[];
}

export interface DigestPerson {
  userId: string;
  email: string;
  displayName: string;
}

export interface Digest {
  person: DigestPerson;
  overdue: DigestAction[];
  dueSoon: DigestAction[];
  subject: string;
  body: string;
}

function line(action: DigestAction): string {
  const text = action.text.length > 120 ? `${action.text.slice(0, 117)}…` : action.text;
  return `- ${action.reference}: ${text} (target: ${action.targetText || 'none'})`;
}

export function buildDigests(
  actions: DigestAction[],
  people: DigestPerson[],
  todayIso: string,
  context: { organisationName: string; planUrl: string },
): Digest[] {
  const soonLimit = addDays(todayIso, SOON_DAYS);
  const workItems = actions.filter((action) => action.children.length === 0);
  const digests: Digest[] = [];
  for (const person of people) {
    const theirs = workItems.filter((action) => action.leads.some((lead) => lead.userId === person.userId));
    const overdue = theirs.filter((action) => action.status === 'overdue');
    const dueSoon = theirs.filter(
      (action) =>
        action.status !== 'overdue' &&
        action.status !== 'completed' &&
        action.targetEnd !== null &&
        action.targetEnd >= todayIso &&
        action.targetEnd <= soonLimit,
    );
    if (overdue.length === 0 && dueSoon.length === 0) continue;
    const counts = [
      overdue.length ? `${overdue.length} overdue` : '',
      dueSoon.length ? `${dueSoon.length} due soon` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const body = [
      `Dear ${person.displayName},`,
      '',
      `You lead equality actions for ${context.organisationName} that need attention: ${counts}.`,
      ...(overdue.length ? ['', 'Overdue:', ...overdue.map(line)] : []),
      ...(dueSoon.length ? ['', `Due in the next ${SOON_DAYS} days:`, ...dueSoon.map(line)] : []),
      '',
      `Post progress or see all your actions at ${context.planUrl}`,
      '',
      'You get this email on days when one of your actions is overdue or due soon.',
    ].join('\n');
    digests.push({ person, overdue, dueSoon, subject: `Equality actions: ${counts}`, body });
  }
  return digests;
}
