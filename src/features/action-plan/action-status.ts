import { daysBetween } from '../../platform/dates.ts';

/**
 * Where an action stands, derived from its target and its latest progress rather than typed in,
 * so a plan cannot say "on track" for something a year overdue. Pure and property-tested.
 */
export const STATUSES = ['not_started', 'on_track', 'at_risk', 'overdue', 'completed'] as const;
export type ActionStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  overdue: 'Overdue',
  completed: 'Completed',
};

/** Red/amber/green as committee reports use them; completed and not started are shown apart. */
export const STATUS_RAG: Record<ActionStatus, 'red' | 'amber' | 'green' | 'blue' | 'grey'> = {
  overdue: 'red',
  at_risk: 'amber',
  on_track: 'green',
  completed: 'blue',
  not_started: 'grey',
};

/** An action is at risk when its deadline is this close and it is less than half done. */
export const AT_RISK_WINDOW_DAYS = 30;

export interface StatusInput {
  targetKind: 'date' | 'range' | 'ongoing' | 'completed' | 'none';
  /** The last day of the target (ISO date), when there is one. */
  targetEnd: string | null;
  latestProgress: { state: 'on_track' | 'at_risk' | 'completed'; percentComplete: number | null } | null;
}

export function actionStatus(input: StatusInput, todayIso: string): ActionStatus {
  if (input.targetKind === 'completed' || input.latestProgress?.state === 'completed') return 'completed';
  const deadline = input.targetKind === 'date' || input.targetKind === 'range' ? input.targetEnd : null;
  if (deadline && deadline < todayIso) return 'overdue';
  if (input.latestProgress?.state === 'at_risk') return 'at_risk';
  const percent = input.latestProgress?.percentComplete ?? null;
  if (
    deadline &&
    daysBetween(todayIso, deadline) <= AT_RISK_WINDOW_DAYS &&
    (percent === null || percent < 50)
  ) {
    return 'at_risk';
  }
  if (!input.latestProgress) return 'not_started';
  return 'on_track';
}

/** A group of sub-actions stands where its most worrying part stands; complete only when all are. */
export function groupStatus(children: ActionStatus[]): ActionStatus {
  if (children.length === 0) return 'not_started';
  if (children.every((status) => status === 'completed')) return 'completed';
  for (const worst of ['overdue', 'at_risk'] as const) if (children.includes(worst)) return worst;
  if (children.every((status) => status === 'not_started')) return 'not_started';
  return 'on_track';
}

// Made once: building a DateTimeFormat costs far more than using one, and this runs on every page.
const UK_ISO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's date in the UK, as an ISO date: deadlines are UK calendar days. */
export function ukToday(now: Date): string {
  return UK_ISO_DATE.format(now);
}
