import { countableActions } from './plan-counts.ts';
import { STATUSES, type ActionStatus } from './action-status.ts';
import { comparePlans, type VersionAction } from './plan-versions.ts';

/**
 * The committee progress report for one published version of the plan: how many actions stand
 * where, by area; the exceptions a committee must see (overdue, at risk); and what was completed
 * since the previous published version. Sub-action groups are not counted twice: only actions
 * without sub-actions are counted. Pure, so its numbers can be checked against plain SQL.
 */
export interface CommitteeReport {
  versionLabel: string;
  previousLabel: string | null;
  totals: Record<ActionStatus, number> & { all: number };
  byArea: { area: string; counts: Record<ActionStatus, number> & { all: number } }[];
  overdue: VersionAction[];
  atRisk: VersionAction[];
  completedSince: VersionAction[];
}

function emptyCounts(): Record<ActionStatus, number> & { all: number } {
  return {
    ...(Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<ActionStatus, number>),
    all: 0,
  };
}

/** Actions that are work items themselves (not headings over sub-actions). */
export const countable = (actions: VersionAction[]): VersionAction[] => countableActions(actions);

export function buildCommitteeReport(
  version: { label: string; snapshot: VersionAction[] },
  previous: { label: string; snapshot: VersionAction[] } | null,
): CommitteeReport {
  const items = countable(version.snapshot);
  const totals = emptyCounts();
  const areas = new Map<string, ReturnType<typeof emptyCounts>>();
  for (const action of items) {
    const counts = areas.get(action.area) ?? emptyCounts();
    areas.set(action.area, counts);
    for (const target of [counts, totals]) {
      target[action.status] += 1;
      target.all += 1;
    }
  }
  const completedSince = previous
    ? comparePlans(countable(previous.snapshot), items).completed.map((pair) => pair.after)
    : items.filter((action) => action.status === 'completed');
  return {
    versionLabel: version.label,
    previousLabel: previous?.label ?? null,
    totals,
    byArea: [...areas].map(([area, counts]) => ({ area, counts })),
    overdue: items.filter((action) => action.status === 'overdue'),
    atRisk: items.filter((action) => action.status === 'at_risk'),
    completedSince,
  };
}
