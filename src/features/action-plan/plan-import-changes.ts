import { formatLeads, STRAND_CODE } from './plan-fields.ts';
import { allActions, type ParsedAction, type ParsedPlan } from './plan-parser.ts';

/**
 * What importing a file would do to a plan that already has actions. Councils keep their plan in
 * a document and send a newer copy: Equalis matches the file's actions to the plan's by reference
 * (or, for an action whose reference is new, by identical wording) and says what will be added,
 * changed and withdrawn before anything happens. Pure; tested in plan-import-changes.test.ts.
 *
 * - `add`: the file's actions join the plan (refused while a reference is already in use);
 * - `update`: matched actions take the file's fields, new ones are added, and actions the file
 *   no longer has are withdrawn (kept, with the reason);
 * - `replace`: every current action is withdrawn and the file's are added.
 */
export const IMPORT_MODES = ['add', 'update', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export function isImportMode(value: unknown): value is ImportMode {
  return (IMPORT_MODES as readonly unknown[]).includes(value);
}

/** An action already in the plan, as the comparison needs it. */
export interface CurrentAction {
  id: string;
  reference: string;
  parentReference: string | null;
  area: string;
  text: string;
  targetText: string;
  leads: string;
  partners: string[];
  criteria: string[];
  strands: string[];
}

export interface ImportChanges<A extends CurrentAction = CurrentAction> {
  added: ParsedAction[];
  changed: { current: A; incoming: ParsedAction; fields: string[] }[];
  withdrawn: A[];
  /** Matched and the same, counted as plan-counts.ts counts (group headings left out). */
  unchanged: number;
}

function fieldsOf(action: ParsedAction, area: string) {
  return {
    text: action.text,
    target: action.target.text,
    leads: formatLeads(action.leads),
    partners: action.partners,
    criteria: action.criteria,
    strands: action.strands.map((strand) => STRAND_CODE[strand]),
    area,
    parent: action.parentReference,
  };
}

const WORDS: Record<keyof ReturnType<typeof fieldsOf>, string> = {
  text: 'wording',
  target: 'target',
  leads: 'lead officers',
  partners: 'partners',
  criteria: 'framework references',
  strands: 'strands',
  area: 'area',
  parent: 'parent',
};

export function importChanges<A extends CurrentAction>(
  current: readonly A[],
  plan: ParsedPlan,
  mode: ImportMode,
): ImportChanges<A> {
  const incoming = plan.areas.flatMap((area) => area.actions.map((action) => ({ action, area: area.title })));
  if (mode === 'add') return { added: allActions(plan), changed: [], withdrawn: [], unchanged: 0 };
  if (mode === 'replace')
    return { added: allActions(plan), changed: [], withdrawn: [...current], unchanged: 0 };
  const byReference = new Map(current.map((action) => [action.reference, action]));
  const byText = new Map(current.map((action) => [action.text.trim().toLowerCase(), action]));
  const matched = new Set<string>();
  // Counted as every other count (plan-counts.ts): a heading that only groups sub-actions is not.
  const headings = new Set(
    allActions(plan)
      .map((action) => action.parentReference)
      .filter((reference) => reference !== null),
  );
  const changes: ImportChanges<A> = { added: [], changed: [], withdrawn: [], unchanged: 0 };
  for (const { action, area } of incoming) {
    const candidate =
      byReference.get(action.reference) ??
      (action.text ? byText.get(action.text.trim().toLowerCase()) : undefined);
    if (!candidate || matched.has(candidate.id)) {
      changes.added.push(action);
      continue;
    }
    matched.add(candidate.id);
    const now = fieldsOf(action, area);
    const was = {
      text: candidate.text,
      target: candidate.targetText,
      leads: candidate.leads,
      partners: candidate.partners,
      criteria: candidate.criteria,
      strands: candidate.strands.map((strand) => STRAND_CODE[strand as keyof typeof STRAND_CODE] ?? strand),
      area: candidate.area,
      parent: candidate.parentReference,
    };
    // A group heading's empty text in the file does not blank the plan's wording.
    if (!action.text) now.text = was.text;
    const fields = (Object.keys(now) as (keyof typeof now)[])
      .filter((key) => JSON.stringify(now[key]) !== JSON.stringify(was[key]))
      .map((key) => WORDS[key]);
    if (fields.length > 0 || candidate.reference !== action.reference)
      changes.changed.push({
        current: candidate,
        incoming: action,
        fields: candidate.reference !== action.reference ? ['reference', ...fields] : fields,
      });
    else if (!headings.has(action.reference)) changes.unchanged += 1;
  }
  changes.withdrawn = current.filter((action) => !matched.has(action.id));
  return changes;
}
