import { STATUSES, type ActionStatus } from '../action-plan/action-status.ts';
import { countableActions } from '../action-plan/plan-counts.ts';
import type { VersionAction } from '../action-plan/plan-versions.ts';

export interface PublicAction {
  reference: string;
  text: string;
  targetText: string;
  /** Worded by the page, in the reader's language (`status.<code>`). */
  status: ActionStatus;
  leads: string[];
  latestNote: string | null;
  children: PublicAction[];
}

export interface PublicPlan {
  areas: { title: string; actions: PublicAction[] }[];
  /** Every status with its count, in the plan's order, zeros included (a table has every row). */
  counts: { status: ActionStatus; count: number }[];
  /** Counted by COUNTING_RULE (plan-counts.ts), which the page states. */
  total: number;
}

function publicAction(action: VersionAction): PublicAction {
  return {
    reference: action.reference,
    text: action.text,
    targetText: action.targetText,
    status: action.status,
    leads: action.leads,
    latestNote: action.latestNote ?? null,
    children: [],
  };
}

/**
 * A published plan version as the public page shows it: areas in the plan's order, each action
 * with its sub-actions beneath it, and the counts by status under the same counting rule as every
 * other count of actions in Equalis. Pure.
 */
export function publicPlan(snapshot: readonly VersionAction[]): PublicPlan {
  const areas = new Map<string, PublicAction[]>();
  const byReference = new Map<string, PublicAction>();
  for (const action of snapshot) byReference.set(action.reference, publicAction(action));
  for (const action of snapshot) {
    const shown = byReference.get(action.reference)!;
    const parent = action.parentReference ? byReference.get(action.parentReference) : undefined;
    if (parent) parent.children.push(shown);
    else {
      if (!areas.has(action.area)) areas.set(action.area, []);
      areas.get(action.area)!.push(shown);
    }
  }
  const counted = countableActions(snapshot);
  return {
    areas: [...areas].map(([title, actions]) => ({ title, actions })),
    counts: STATUSES.map((status) => ({
      status,
      count: counted.filter((action) => action.status === status).length,
    })),
    total: counted.length,
  };
}
