import type { Db } from '../../db/connect.ts';
import type { Mailer } from '../../platform/mailer.ts';
import { ukToday } from '../action-plan/action-status.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { OrganisationsService } from '../organisations/organisations.service.ts';
import type { TeamService } from '../team/team.service.ts';
import { addDays } from '../../platform/dates.ts';
import { SOON_DAYS } from '../action-plan/plan-filters.ts';
import { buildDigests, type Digest, type DigestReview } from './reminder-digest.ts';
import type { RemindersRepo } from './reminders.repo.ts';

export interface ReminderRun {
  organisation: string;
  sent: string[];
  alreadySent: string[];
  failed: { email: string; error: string }[];
  digests: Digest[];
}

export function createRemindersService(deps: {
  db: Db;
  repo: RemindersRepo;
  mailer: Mailer;
  actionPlan: ActionPlanService;
  team: TeamService;
  organisations: OrganisationsService;
  /** Signed-off impact assessments due for review by a date (from impact-assessments). */
  reviews: { reviewsDue(organisationId: string, untilIso: string): Promise<DigestReview[]> };
  publicUrl: string;
  now: () => Date;
}) {
  const { db, repo, mailer, actionPlan, team, organisations, reviews, publicUrl, now } = deps;

  async function sendFor(organisationId: string, options: { dryRun?: boolean } = {}): Promise<ReminderRun> {
    const organisation = await organisations.get(organisationId);
    const today = ukToday(now());
    const [actions, members, dueReviews] = await Promise.all([
      actionPlan.list(organisationId),
      team.listMembers(organisationId),
      reviews.reviewsDue(organisationId, addDays(today, SOON_DAYS)),
    ]);
    const digests = buildDigests(
      actions,
      members,
      today,
      {
        organisationName: organisation.name,
        planUrl: `${publicUrl}/plan?lead=me`,
        assessmentsUrl: `${publicUrl}/impact-assessments`,
      },
      dueReviews,
    );
    const run: ReminderRun = {
      organisation: organisation.name,
      sent: [],
      alreadySent: [],
      failed: [],
      digests,
    };
    if (options.dryRun) return run;
    for (const digest of digests) {
      const { userId, email, displayName } = digest.person;
      const claimed = await repo.claim(db, organisationId, {
        userId,
        sentOn: today,
        channel: mailer.channel,
        overdue: digest.overdue.length,
        dueSoon: digest.dueSoon.length,
        at: now(),
      });
      if (!claimed) {
        run.alreadySent.push(email);
        continue;
      }
      try {
        await mailer.send({
          to: email,
          name: displayName,
          subject: digest.subject,
          body: digest.body,
          reference: `${organisation.slug}-${today}-${userId}`,
        });
        run.sent.push(email);
      } catch (error) {
        await repo.release(db, organisationId, userId, today);
        run.failed.push({ email, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return run;
  }

  return {
    sendFor,
    /** Every organisation's digests for today (the scheduler and `equalis reminders send`). */
    async sendAll(options: { dryRun?: boolean } = {}): Promise<ReminderRun[]> {
      const runs: ReminderRun[] = [];
      for (const organisation of await organisations.list())
        runs.push(await sendFor(organisation.id, options));
      return runs;
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
