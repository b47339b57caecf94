import { SOON_DAYS } from '../action-plan/plan-filters.ts';
import type { ActionStatus } from '../action-plan/action-status.ts';
import { addDays } from '../../platform/dates.ts';
import { formatDate } from '../../platform/format.ts';
import { translator, type Translate } from '../../platform/i18n/i18n.ts';

/**
 * Who should hear about what: each lead officer with an account gets one digest listing their
 * overdue actions and those due within SOON_DAYS days, and the impact assessments they own whose
 * review date has come or comes within SOON_DAYS days. People with nothing due get nothing.
 * Each digest is written in the person's own language (English until they choose Welsh).
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

/** A signed-off impact assessment whose review date has come, or comes within SOON_DAYS days. */
export interface DigestReview {
  title: string;
  reviewOn: string;
  ownerUserId: string | null;
}

export interface DigestPerson {
  userId: string;
  email: string;
  displayName: string;
  language?: string | null;
}

export interface Digest {
  person: DigestPerson;
  overdue: DigestAction[];
  dueSoon: DigestAction[];
  reviews: DigestReview[];
  subject: string;
  body: string;
}

function line(action: DigestAction, t: Translate): string {
  const text = action.text.length > 120 ? `${action.text.slice(0, 117)}…` : action.text;
  return t('reminders.digest.line', {
    reference: action.reference,
    text,
    target: action.targetText || t('reminders.digest.noTarget'),
  });
}

export function buildDigests(
  actions: DigestAction[],
  people: DigestPerson[],
  todayIso: string,
  context: { organisationName: string; planUrl: string; assessmentsUrl?: string },
  reviews: readonly DigestReview[] = [],
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
    const toReview = reviews.filter(
      (review) => review.ownerUserId === person.userId && review.reviewOn <= soonLimit,
    );
    if (overdue.length === 0 && dueSoon.length === 0 && toReview.length === 0) continue;
    const t = translator(person.language ?? 'en');
    const counts = [
      overdue.length ? t('reminders.digest.overdueCount', { count: overdue.length }) : '',
      dueSoon.length ? t('reminders.digest.dueSoonCount', { count: dueSoon.length }) : '',
      toReview.length ? t('reminders.digest.reviewCount', { count: toReview.length }) : '',
    ]
      .filter(Boolean)
      .join(t('reminders.digest.and'));
    const body = [
      t('reminders.digest.dear', { name: person.displayName }),
      '',
      t('reminders.digest.intro', { organisation: context.organisationName, counts }),
      ...(overdue.length ? ['', t('reminders.digest.overdue'), ...overdue.map((a) => line(a, t))] : []),
      ...(dueSoon.length
        ? ['', t('reminders.digest.dueSoon', { days: SOON_DAYS }), ...dueSoon.map((a) => line(a, t))]
        : []),
      ...(toReview.length
        ? [
            '',
            t('reminders.digest.reviews'),
            ...toReview.map((review) =>
              t(review.reviewOn < todayIso ? 'reminders.digest.reviewLate' : 'reminders.digest.reviewLine', {
                title: review.title,
                date: formatDate(review.reviewOn, person.language === 'cy' ? 'cy' : 'en'),
              }),
            ),
            ...(context.assessmentsUrl
              ? [t('reminders.digest.reviewWhere', { url: context.assessmentsUrl })]
              : []),
          ]
        : []),
      '',
      t('reminders.digest.postProgress', { url: context.planUrl }),
      '',
      t('reminders.digest.why'),
    ].join('\n');
    digests.push({
      person,
      overdue,
      dueSoon,
      reviews: toReview,
      subject: t('reminders.digest.subject', { counts }),
      body,
    });
  }
  return digests;
}
