import type { Strand } from '../../platform/characteristics.ts';
import { actionStatus, groupStatus, type ActionStatus } from './action-status.ts';
import type { PlanBlock, PlanCell } from './plan-blocks.ts';
import {
  fieldOfHeading,
  headingMatches,
  normaliseHeading,
  readColumns,
  type ColumnChoice,
  type ColumnReading,
  type PlanField,
} from './plan-columns.ts';
import {
  findLinkedTo,
  parseCriteriaRefs,
  parseLeads,
  parseStrands,
  isToBeConfirmed,
  parseStatus,
  parseTarget,
  type ImportedState,
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
  /** Progress the plan itself records (a Status/RAG or Progress column), posted on import. */
  progress?: { state: ImportedState; note: string } | null;
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
  /** Where, in the person's terms: "Sheet 'Plan', row 12", "Word table 2, row 7", "CSV line 30". */
  where?: string;
  reference: string | null;
  message: string;
}

export interface ParsedPlan {
  title: string | null;
  versionLabel: string | null;
  areas: ParsedArea[];
  problems: PlanProblem[];
  /** Things Equalis did that the person should know, such as generating references. */
  notices?: string[];
  /** How each table's columns were read (one entry per distinct header), for the mapping step. */
  columns?: ColumnReading[][];
  /** How it was read, so reading it again (other columns) keeps the person's other choices. */
  toBeConfirmedAsNone?: boolean;
}

export interface ParseOptions {
  /** The person's column choices by normalised heading: remembered, or made on the preview. */
  choices?: ReadonlyMap<string, ColumnChoice>;
  /** Import a target of "TBC" as no target (the person chose so), rather than report it. */
  toBeConfirmedAsNone?: boolean;
}

type Column = PlanField;

const EMPTY_CELL: PlanCell = { text: '', bullet: false };
const NOTHING = /^(-+|–|—|n\/?a|none|nil)$/i;

/** How many rows after a header are looked at to judge its columns by their cells. */
const SAMPLE_ROWS = 20;

/**
 * Reads a header row into columns, from its headings and the rows after it. A blank heading
 * before the action column is the reference column when nothing else claims it: council plans
 * often leave that heading empty.
 */
function readHeader(
  cells: PlanCell[],
  following: PlanCell[][],
  choices: ReadonlyMap<string, ColumnChoice>,
): { columns: Map<Column, number>; readings: ColumnReading[]; criteriaHeading: string | null } {
  const headings = cells.map((cell) => cell.text.trim());
  const readings = readColumns(
    headings,
    following.map((row) => row.map((cell) => cell.text)),
    choices,
  );
  const columns = new Map<Column, number>();
  for (const reading of readings) if (reading.field) columns.set(reading.field, reading.index);
  const action = columns.get('action');
  if (action !== undefined && !columns.has('reference')) {
    const blank = readings.find(
      (reading) => reading.heading === '' && reading.index < action && reading.basis === 'none',
    );
    if (blank) {
      blank.field = 'reference';
      blank.basis = 'values';
      columns.set('reference', blank.index);
    }
  }
  const criteria = columns.get('criteria');
  return { columns, readings, criteriaHeading: criteria === undefined ? null : headings[criteria] || null };
}

/** A row is a header when at least two of its cells name a field, or the person named its headings. */
function isHeaderRow(cells: PlanCell[], choices: ReadonlyMap<string, ColumnChoice>): boolean {
  const texts = cells.map((cell) => cell.text.trim()).filter(Boolean);
  if (texts.length < 2 || texts.some((text) => text.length > 60)) return false;
  const chosen = texts.filter((text) => choices.has(normaliseHeading(text))).length;
  return headingMatches(texts) + chosen >= 2;
}

/**
 * A second header row under the first ("Target" over "date", "Lead" over "officer"): short
 * cells, none of them a reference or a date, under a header. Its words join the heading above.
 */
function isSecondHeaderRow(cells: PlanCell[]): boolean {
  const texts = cells.map((cell) => cell.text.trim()).filter(Boolean);
  if (texts.length === 0) return false;
  return texts.every(
    (text) =>
      text.length <= 30 &&
      !/^\d/.test(text) &&
      !/\n/.test(text) &&
      (fieldOfHeading(text) !== null || /^[a-z(]/.test(text)),
  );
}

const PLAN_TITLE = /action plan/i;
const SUB_ACTION_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Reads a plan laid out the way councils lay plans out: for each area a title line (or an area
 * column, or a full-width row inside the table), perhaps a description, then a table of actions
 * with whatever columns the council uses (see plan-columns.ts). A bulleted cell is a sub-action of
 * the reference above it (1.1 a, 1.1 b…); so is a row whose parent-reference column names another
 * action, and a numbered sub-reference (1.1a, 1.1.2, 4.1(iii)) whose parent is in the plan. A plan
 * without references gets them in order, and says so. Every problem is reported with where it
 * is; nothing is dropped silently, and a file with no actions is a problem, never a success.
 */
export function parsePlan(blocks: PlanBlock[], options: ParseOptions = {}): ParsedPlan {
  const choices = options.choices ?? new Map<string, ColumnChoice>();
  const plan: ParsedPlan = {
    title: null,
    versionLabel: null,
    areas: [],
    problems: [],
    notices: [],
    columns: [],
    toBeConfirmedAsNone: options.toBeConfirmedAsNone ?? false,
  };
  let toBeConfirmed = 0;
  let texts: string[] = [];
  // Assigned through openArea too, so TypeScript's narrowing is turned off with a widening cast.
  let area = null as ParsedArea | null;
  let columns: Map<Column, number> | null = null;
  let criteriaHeading: string | null = null;
  /** A header with no action column: its rows are skipped, with one summary problem. */
  let unreadable = false;
  let generateReferences = false;
  let parent: ParsedAction | null = null;
  const seen = new Set<string>();
  const seenHeaders = new Set<string>();
  const generated: string[] = [];

  const problem = (block: PlanBlock, reference: string | null, message: string) =>
    plan.problems.push({ line: block.line, where: block.where ?? `line ${block.line}`, reference, message });

  const openArea = (title: string | undefined, description: string | null) => {
    area = {
      title: title ?? `Area ${plan.areas.length + 1}`,
      description,
      criteriaHeading,
      actions: [],
    };
    plan.areas.push(area);
    parent = null;
    return area;
  };

  for (let index = 0; index < blocks.length; index += 1) {
    const block = blocks[index]!;
    if (block.kind === 'text') {
      texts.push(block.text);
      continue;
    }
    if (isHeaderRow(block.cells, choices)) {
      let cells = block.cells;
      // A second header row joins its words to the headings above.
      const next = blocks[index + 1];
      if (next?.kind === 'row' && isSecondHeaderRow(next.cells)) {
        cells = cells.map((cell, column) => ({
          ...cell,
          text: `${cell.text} ${next.cells[column]?.text ?? ''}`.trim(),
        }));
        index += 1;
      }
      const following = blocks
        .slice(index + 1, index + 1 + SAMPLE_ROWS)
        .filter((candidate): candidate is Extract<PlanBlock, { kind: 'row' }> => candidate.kind === 'row')
        .map((row) => row.cells);
      const header = readHeader(cells, following, choices);
      const signature = header.readings.map((reading) => reading.heading).join('|');
      if (!seenHeaders.has(signature)) {
        seenHeaders.add(signature);
        plan.columns!.push(header.readings);
      }
      const titles = texts.filter((text) => PLAN_TITLE.test(text));
      const rest = texts.filter((text) => !PLAN_TITLE.test(text));
      if (titles[0] && !plan.title) {
        plan.title = titles[0].replace(/\s*\(([^)]*update[^)]*)\)\s*$/i, '').trim();
        plan.versionLabel = /\(([^)]*update[^)]*)\)/i.exec(titles[0])?.[1] ?? null;
      }
      texts = [];
      criteriaHeading = header.criteriaHeading;
      if (!header.columns.has('action')) {
        unreadable = true;
        columns = null;
        const headings = header.readings.map((reading) => reading.heading || '(blank)').join(' | ');
        problem(
          block,
          null,
          `no column looks like the actions. Your headings were ${headings}; choose which column holds the actions`,
        );
        continue;
      }
      unreadable = false;
      columns = header.columns;
      generateReferences = !columns.has('reference');
      // With an area column, areas come from its cells; otherwise the text above is this area.
      if (!columns.has('area') || rest.length > 0) openArea(rest[0], rest.slice(1).join(' ') || null);
      else area = null;
      continue;
    }
    if (unreadable) continue;
    if (!columns) {
      problem(
        block,
        null,
        'this row comes before any table heading (Action, Completion Date, Lead Officer/s…)',
      );
      continue;
    }
    if (block.cells.every((c) => c.text === '')) continue;
    const cell = (column: Column): PlanCell => {
      const found = block.cells[columns!.get(column) ?? -1] ?? EMPTY_CELL;
      // Councils fill empty cells with a dash or "n/a"; either means nothing is there.
      return column !== 'action' && NOTHING.test(found.text.trim()) ? EMPTY_CELL : found;
    };

    // Lines of text between rows of a table (a full-width row) start a new area within it.
    if (texts.length > 0) {
      openArea(texts[0], texts.slice(1).join(' ') || null);
      texts = [];
    }
    const areaName = cell('area').text.trim();
    if (columns.has('area') && areaName && areaName !== (area as ParsedArea | null)?.title) {
      area = plan.areas.find((candidate) => candidate.title === areaName) ?? openArea(areaName, null);
      parent = null;
    }
    if (!area) area = openArea(undefined, null);
    const current: ParsedArea = area;

    const action = cell('action');
    let reference = cell('reference').text.trim();
    if (!reference && generateReferences && !action.bullet) {
      reference = `${plan.areas.indexOf(current) + 1}.${current.actions.filter((a) => !a.parentReference).length + 1}`;
      generated.push(reference);
    }
    const targetText = cell('target').text;
    const tbc = options.toBeConfirmedAsNone === true && isToBeConfirmed(targetText);
    if (tbc) toBeConfirmed += 1;
    const fields = readFields(
      block,
      reference || null,
      (column) => (tbc && column === 'target' ? EMPTY_CELL : cell(column)),
      problem,
    );
    const namedParent = cell('parent').text.trim() || numberedParent(reference, seen);
    if (reference) {
      if (seen.has(reference)) problem(block, reference, `the reference ${reference} is used more than once`);
      seen.add(reference);
      if (namedParent && namedParent !== reference) {
        if (!seen.has(namedParent))
          problem(
            block,
            reference,
            `the parent reference ${namedParent} is not an action earlier in the plan`,
          );
        current.actions.push({
          reference,
          parentReference: namedParent,
          text: action.text,
          ...fields,
          linkedTo: findLinkedTo(action.text),
          line: block.line,
        });
      } else if (action.bullet) {
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
        current.actions.push(parent);
        addSubAction(current, parent, action.text, fields, block.line);
      } else {
        parent = {
          reference,
          parentReference: null,
          text: action.text,
          ...fields,
          linkedTo: findLinkedTo(action.text),
          line: block.line,
        };
        current.actions.push(parent);
      }
    } else if (parent) {
      addSubAction(current, parent, action.text, fields, block.line);
    } else {
      problem(block, null, 'this row has no reference and does not follow an action it could belong to');
    }
    if (!action.text) problem(block, reference || null, 'the action text is empty');
  }
  // Text after the last table, or a file of text only: nothing was read as a plan.
  plan.areas = plan.areas.filter((candidate) => candidate.actions.length > 0 || plan.areas.length === 1);
  if (toBeConfirmed > 0)
    plan.notices!.push(
      `${toBeConfirmed === 1 ? '1 action has' : `${toBeConfirmed} actions have`} a target of "TBC"; as you chose, ${toBeConfirmed === 1 ? 'it is' : 'they are'} imported with no target, to set later.`,
    );
  if (generated.length > 0)
    plan.notices!.push(
      `Your plan has no reference numbers, so Equalis numbered the actions in order (${generated[0]} to ${generated.at(-1)}).`,
    );
  if (allActions(plan).length === 0 && plan.problems.length === 0)
    plan.problems.push({
      line: 0,
      where: 'the whole file',
      reference: null,
      message:
        plan.columns!.length === 0
          ? 'Equalis found no table of actions in this file: no row has headings such as Action, Target date or Lead officer'
          : 'Equalis found the table headings but no actions under them',
    });
  return plan;
}

/**
 * The parent of a numbered sub-reference, when the parent is already in the plan: 1.1a → 1.1,
 * 1.1.2 → 1.1, 4.1(iii) → 4.1, 4.1 (b) → 4.1.
 */
export function numberedParent(reference: string, seen: ReadonlySet<string>): string | null {
  const match = /^(.+?)(?:[a-z]|\.\d+|\s*\((?:[ivxlc]+|[a-z]|\d+)\))$/.exec(reference);
  if (!match) return null;
  const candidate = match[1]!.trim();
  return seen.has(candidate) ? candidate : null;
}

type Fields = Pick<ParsedAction, 'target' | 'leads' | 'partners' | 'criteria' | 'strands' | 'progress'>;

function readFields(
  block: PlanBlock,
  reference: string | null,
  cell: (column: Column) => PlanCell,
  problem: (block: PlanBlock, reference: string | null, message: string) => void,
): Fields {
  const target = parseTarget(cell('target').text);
  const criteria = parseCriteriaRefs(cell('criteria').text);
  const strands = parseStrands(cell('strands').text);
  if (!target.ok) problem(block, reference, target.problem);
  if (!criteria.ok) problem(block, reference, criteria.problem);
  if (!strands.ok) problem(block, reference, strands.problem);
  const statusText = cell('status').text.trim();
  const status = parseStatus(statusText);
  if (!status.ok) problem(block, reference, status.problem);
  const note = cell('progress').text.trim();
  const state = (status.ok ? status.value : null) ?? (note ? 'on_track' : null);
  return {
    target: target.ok ? target.value : { kind: 'none', text: '' },
    leads: parseLeads(cell('leads').text),
    partners: cell('partners')
      .text.split(/[/;,\n]/)
      .map((partner) => partner.trim())
      .filter(Boolean),
    criteria: criteria.ok ? criteria.value : [],
    strands: strands.ok ? strands.value : [],
    progress: state ? { state, note: note || `Status in the imported plan: ${statusText}` } : null,
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
