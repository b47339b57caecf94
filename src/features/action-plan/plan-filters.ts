import { isStrand, type Strand } from '../../platform/characteristics.ts';
import { STATUSES, type ActionStatus } from './action-status.ts';
import { isId } from '../../platform/ids.ts';
import { addDays } from '../../platform/dates.ts';

/** What the plan can be narrowed to. Every field is optional; all given must match. */
export interface PlanFilters {
  status?: ActionStatus;
  strand?: Strand;
  /** A member's user id, or a lead's name as written in the plan. */
  lead?: string;
  areaId?: string;
  objectiveId?: string;
  /** "overdue", or "soon": due within the next `SOON_DAYS` days and not complete. */
  due?: 'overdue' | 'soon';
}

export const SOON_DAYS = 30;

export interface FilterableAction {
  status: ActionStatus;
  strands: Strand[];
  leads: { name: string; userId: string | null }[];
  areaId: string | null;
  objectiveIds: string[];
  targetEnd: string | null;
  children: FilterableAction[];
}

/** Reads filters from a query string, ignoring values that are not allowed (never an error page). */
export function readFilters(query: Record<string, unknown>, currentUserId: string): PlanFilters {
  const text = (name: string) =>
    typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined;
  const filters: PlanFilters = {};
  const status = text('status');
  if (status && (STATUSES as readonly string[]).includes(status)) filters.status = status as ActionStatus;
  const strand = text('strand');
  if (strand && isStrand(strand)) filters.strand = strand;
  const lead = text('lead');
  if (lead) filters.lead = lead === 'me' ? currentUserId : lead.slice(0, 200);
  const area = text('area');
  if (isId(area)) filters.areaId = area;
  const objective = text('objective');
  if (isId(objective)) filters.objectiveId = objective;
  const due = text('due');
  if (due === 'overdue' || due === 'soon') filters.due = due;
  return filters;
}

function matchesItself(action: FilterableAction, filters: PlanFilters, todayIso: string): boolean {
  if (filters.status && action.status !== filters.status) return false;
  // An action for "All" strands concerns every strand.
  if (filters.strand && !(action.strands.includes(filters.strand) || action.strands.includes('all')))
    return false;
  if (filters.lead) {
    const wanted = filters.lead.toLowerCase();
    if (!action.leads.some((lead) => lead.userId === filters.lead || lead.name.toLowerCase() === wanted))
      return false;
  }
  if (filters.due === 'overdue' && action.status !== 'overdue') return false;
  if (filters.due === 'soon') {
    const soon =
      action.targetEnd !== null &&
      action.targetEnd >= todayIso &&
      action.targetEnd <= addDays(todayIso, SOON_DAYS);
    if (!soon || action.status === 'completed') return false;
  }
  return true;
}

/**
 * Keeps the actions that match, and any group with a matching sub-action (showing only those
 * sub-actions), so filtered views keep the plan's structure.
 */
export function filterActions<T extends FilterableAction>(
  actions: T[],
  filters: PlanFilters,
  todayIso: string,
): T[] {
  const result: T[] = [];
  for (const action of actions) {
    if (filters.areaId && action.areaId !== filters.areaId) continue;
    // Linking a group to an objective links its sub-actions too.
    if (filters.objectiveId && !action.objectiveIds.includes(filters.objectiveId)) {
      const linkedChildren = action.children.filter((child) =>
        child.objectiveIds.includes(filters.objectiveId!),
      );
      if (linkedChildren.length === 0) continue;
      result.push({ ...action, children: linkedChildren });
      continue;
    }
    const children = action.children.filter((child) => matchesItself(child, filters, todayIso));
    if (matchesItself(action, filters, todayIso)) result.push(action);
    else if (children.length > 0) result.push({ ...action, children });
  }
  return result;
}

export function isFiltered(filters: PlanFilters): boolean {
  return Object.values(filters).some((value) => value !== undefined);
}
