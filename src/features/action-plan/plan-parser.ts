import type { Strand } from '../../platform/characteristics.ts';
import { actionStatus, groupStatus, type ActionStatus } from './action-status.ts';
import type { PlanBlock, PlanCell } from './plan-blocks.ts';
import {
  findLinkedTo,
  parseCriteriaRefs,
  parseLeads,
  parseStrands,
  parseTarget,
  type Lead,
  type Target,
} from './plan-fields.ts';

export interface ParsedAction {
  reference: string;
  parentReference: string | null;
  text: string;
  target: Target;
  leads: Lead[];
  /** Partner organisations, when the plan has a Partners column. */
  partners: string[];
  criteria: string[];
  strands: Strand[];
  linkedTo: string | null;
  /** Where it came from, for the preview and for problems. */
  line: number;
}

export interface ParsedArea {
  title: string;
  description: string | null;
  /** The criteria column's heading as written ("EFLG", "ELG"). */
  criteriaHeading: string | null;
  actions: ParsedAction[];
}

export interface PlanProblem {
  line: number;
  reference: string | null;
  message: string;
}

export interface ParsedPlan {
  title: string | null;
  versionLabel: string | null;
  areas: ParsedArea[];
  problems: PlanProblem[];
}

type Column = 'reference' | 'action' | 'target' | 'leads' | 'partners' | 'criteria' | 'strands';

const HEADINGS: [Column, RegExp][] = [
  ['action', /^actions?$/i],
  ['target', /^(completion|target|due|deadline|timescale)/i],
  ['leads', /^lead/i],
  ['partners', /^partner/i],
  ['criteria', /^(e?f?lg|eflg|elg|framework|criteri)/i],
  ['strands', /strand|characteristic/i],
  ['reference', /^(ref|no\.?|#)/i],
];

/** Reads a header row ("", Action, Completion Date, Lead Officer/s, EFLG, Strand) into columns. */
function readHeader(
  cells: PlanCell[],
): { columns: Map<Column, number>; criteriaHeading: string | null } | null {
  const columns = new Map<Column, number>();
  let criteriaHeading: string | null = null;
  cells.forEach((cell, index) => {
    const heading = cell.text.trim();
    const match = HEADINGS.find(([column, pattern]) => !columns.has(column) && pattern.test(heading));
    if (!match) return;
    columns.set(match[0], index);
    if (match[0] === 'criteria') criteriaHeading = heading;
  });
  if (!columns.has('action')) return null;
  if (!columns.has('reference')) {
    // Council plans leave the reference column's heading empty: it is the blank one before Action.
    const blank = cells.findIndex((cell, index) => cell.text === '' && index < columns.get('action')!);
    columns.set('reference', blank >= 0 ? blank : -1);
  }
  return { columns, criteriaHeading };
}

const PLAN_TITLE = /action plan/i;
const SUB_ACTION_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Reads a plan laid out like most council action plans: for each framework area a title line,
 * a description line, then a table of actions with a reference, the action, a completion target,
 * lead officers, framework references and equality strands. A bulleted cell is a sub-action of
 * the reference above it (1.1 a, 1.1 b…). Every problem is reported with its line; nothing is
 * dropped silently.
 */
export function parsePlan(blocks: PlanBlock[]): ParsedPlan {
  const plan: ParsedPlan = { title: null, versionLabel: null, areas: [], problems: [] };
  let texts: string[] = [];
  let area: ParsedArea | null = null;
  let columns: Map<Column, number> | null = null;
  let parent: ParsedAction | null = null;
  const seen = new Set<string>();

  const problem = (line: number, reference: string | null, message: string) =>
    plan.problems.push({ line, reference, message });

  for (const block of blocks) {
    if (block.kind === 'text') {
      texts.push(block.text);
      continue;
    }
    const header = readHeader(block.cells);
    if (header) {
      const titles = texts.filter((text) => PLAN_TITLE.test(text));
      const rest = texts.filter((text) => !PLAN_TITLE.test(text));
      if (titles[0] && !plan.title) {
        plan.title = titles[0].replace(/\s*\(([^)]*update[^)]*)\)\s*$/i, '').trim();
        plan.versionLabel = /\(([^)]*update[^)]*)\)/i.exec(titles[0])?.[1] ?? null;
      }
      area = {
        title: rest[0] ?? `Area ${plan.areas.length + 1}`,
        description: rest.slice(1).join(' ') || null,
        criteriaHeading: header.criteriaHeading,
        actions: [],
      };
      plan.areas.push(area);
      columns = header.columns;
      parent = null;
      texts = [];
      continue;
    }
    if (!area || !columns) {
      problem(
        block.line,
        null,
        'this row comes before any table heading (Action, Completion Date, Lead Officer/s…)',
      );
      continue;
    }
    texts = [];
    const cell = (column: Column): PlanCell =>
      block.cells[columns!.get(column) ?? -1] ?? { text: '', bullet: false };
    const reference = cell('reference').text.trim();
    const action = cell('action');
    if (block.cells.every((c) => c.text === '')) continue;

    const fields = readFields(block.line, reference || null, cell, problem);
    if (reference) {
      if (seen.has(reference))
        problem(block.line, reference, `the reference ${reference} is used more than once`);
      seen.add(reference);
      if (action.bullet) {
        // The referenced row is itself the first bullet: the reference heads a group of sub-actions.
        parent = {
          reference,
          parentReference: null,
          text: '',
          target: { kind: 'none', text: '' },
          leads: [],
          partners: [],
          criteria: [],
          strands: [],
          linkedTo: null,
          line: block.line,
        };
        area.actions.push(parent);
        addSubAction(area, parent, action.text, fields, block.line);
      } else {
        parent = {
          reference,
          parentReference: null,
          text: action.text,
          ...fields,
          linkedTo: findLinkedTo(action.text),
          line: block.line,
        };
        area.actions.push(parent);
      }
    } else if (parent) {
      addSubAction(area, parent, action.text, fields, block.line);
    } else {
      problem(block.line, null, 'this row has no reference and does not follow an action it could belong to');
    }
    if (!action.text) problem(block.line, reference || null, 'the action text is empty');
  }
  return plan;
}

type Fields = Pick<ParsedAction, 'target' | 'leads' | 'partners' | 'criteria' | 'strands'>;

function readFields(
  line: number,
  reference: string | null,
  cell: (column: Column) => PlanCell,
  problem: (line: number, reference: string | null, message: string) => void,
): Fields {
  const target = parseTarget(cell('target').text);
  const criteria = parseCriteriaRefs(cell('criteria').text);
  const strands = parseStrands(cell('strands').text);
  if (!target.ok) problem(line, reference, target.problem);
  if (!criteria.ok) problem(line, reference, criteria.problem);
  if (!strands.ok) problem(line, reference, strands.problem);
  return {
    target: target.ok ? target.value : { kind: 'none', text: '' },
    leads: parseLeads(cell('leads').text),
    partners: cell('partners')
      .text.split(/[/;,\n]/)
      .map((partner) => partner.trim())
      .filter(Boolean),
    criteria: criteria.ok ? criteria.value : [],
    strands: strands.ok ? strands.value : [],
  };
}

function addSubAction(area: ParsedArea, parent: ParsedAction, text: string, fields: Fields, line: number) {
  const siblings = area.actions.filter((action) => action.parentReference === parent.reference).length;
  area.actions.push({
    reference: `${parent.reference}${SUB_ACTION_LETTERS[siblings] ?? `-${siblings + 1}`}`,
    parentReference: parent.reference,
    text,
    ...fields,
    linkedTo: findLinkedTo(text),
    line,
  });
}

/** Every action in the plan, in order, for counting and committing. */
export function allActions(plan: ParsedPlan): ParsedAction[] {
  return plan.areas.flatMap((area) => area.actions);
}

/** The status each parsed action would have if imported today (no progress posted yet). */
export function parsedStatuses(plan: ParsedPlan, todayIso: string): Map<string, ActionStatus> {
  const statuses = new Map<string, ActionStatus>();
  const actions = allActions(plan);
  for (const action of actions) {
    const target = action.target;
    const targetEnd = target.kind === 'date' || target.kind === 'range' ? target.end : null;
    statuses.set(
      action.reference,
      actionStatus({ targetKind: target.kind, targetEnd, latestProgress: null }, todayIso),
    );
  }
  for (const action of actions) {
    const children = actions.filter((child) => child.parentReference === action.reference);
    if (children.length > 0)
      statuses.set(action.reference, groupStatus(children.map((child) => statuses.get(child.reference)!)));
  }
  return statuses;
}
