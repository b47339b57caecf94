import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, ForbiddenError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { isStrand } from '../../platform/characteristics.ts';
import {
  formatLeads,
  parseCriteriaRefs,
  parseLeads,
  parseTarget,
  type Lead,
  type Target,
} from './plan-fields.ts';
import type { Role } from '../../platform/roles.ts';
import { actionStatus, groupStatus, ukToday, type ActionStatus } from './action-status.ts';
import { planPolicy } from './action-plan.policy.ts';
import type { ActionPlanRepo, ActionRow, AreaRow, LeadRow, NewAction, NewLead } from './action-plan.repo.ts';
import type { PlanBlock } from './plan-blocks.ts';
import { FIELD_LABELS, isColumnChoice, type ColumnChoice } from './plan-columns.ts';
import { countableActions } from './plan-counts.ts';
import type { Delimiter, TextEncodingName } from './plan-text-decoding.ts';
import {
  importChanges,
  type CurrentAction,
  type ImportChanges,
  type ImportMode,
} from './plan-import-changes.ts';
import { allActions, type ParsedAction, type ParsedPlan, type PlanProblem } from './plan-parser.ts';
import { filterActions, type PlanFilters } from './plan-filters.ts';
import type { ExportPlan } from './plan-export.ts';
import { comparePlans, type VersionAction } from './plan-versions.ts';
import { buildCommitteeReport } from './plan-report.ts';
import { STATUSES } from './action-status.ts';

export interface PlanAction extends ActionRow {
  status: ActionStatus;
  objectiveIds: string[];
  leads: LeadRow[];
  children: PlanAction[];
}

export interface PlanAreaView extends AreaRow {
  actions: PlanAction[];
}

export interface ImportPreview {
  id: string;
  fileName: string;
  format: string;
  plan: ParsedPlan;
  actionCount: number;
  committedAt: Date | null;
  mode: ImportMode;
  /** Actions already in the plan. */
  existingCount: number;
  changes: ImportChanges;
}

/** Reads a preview's stored blocks again (off the main thread: plan-files.ts rereadPlan). */
type Reread = (
  blocks: PlanBlock[],
  choices: Map<string, ColumnChoice>,
  toBeConfirmedAsNone: boolean,
) => Promise<ParsedPlan>;

/** A target as the actions table stores it: its kind, its text as written and its dates. */
function targetColumns(target: Target) {
  return {
    targetKind: target.kind,
    targetText: target.text,
    targetStart: target.kind === 'range' ? target.start : null,
    targetEnd: target.kind === 'date' || target.kind === 'range' ? target.end : null,
    completedOn: target.kind === 'completed' ? target.completedOn : null,
  };
}

/** Lead officers as the plan names them, each connected to the account of that name if there is one. */
function withAccounts(
  leads: readonly { name: string; team: string | null }[],
  members: ReadonlyMap<string, string>,
): NewLead[] {
  return leads.map((lead) => ({
    name: lead.name,
    team: lead.team,
    userId: members.get(lead.name.toLowerCase()) ?? null,
  }));
}

/** Problems only the database can see: references already in this organisation's plan. */
function clashes(plan: ParsedPlan, existing: Set<string>): PlanProblem[] {
  return allActions(plan)
    .filter((action) => existing.has(action.reference))
    .map((action) => ({
      line: action.line,
      reference: action.reference,
      message: `the plan already has an action ${action.reference}`,
    }));
}

/** A view of the plan is the same while its organisation, revision, day and filters are. */
function freshnessKey(
  organisationId: string,
  revision: string | null,
  today: string,
  filters: PlanFilters,
): string {
  return `${organisationId}|${revision}|${today}|${JSON.stringify(filters)}`;
}

export function createActionPlanService(deps: {
  db: Db;
  repo: ActionPlanRepo;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, audit, now } = deps;

  /**
   * The plan's rows as last read, per organisation, with the revision they were read at. The
   * database moves the revision on with every change to anything the plan shows (triggers, see
   * the plan-revisions migration), so a read at the same revision would return the same rows:
   * reuse them, and read again the moment anything changes, on any server. The revision is read
   * first, so rows kept are never older than the revision they are kept under.
   */
  const planCache = new Map<string, { revision: string; rows: PlanRows }>();
  const PLAN_CACHE_ORGANISATIONS = 200;
  type PlanRows = [
    Awaited<ReturnType<ActionPlanRepo['actions']>>,
    Awaited<ReturnType<ActionPlanRepo['objectiveLinks']>>,
  ];

  /** Kept rows are shared between requests: frozen, so a caller that tried to change one would fail loudly. */
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const inner of Object.values(value)) deepFreeze(inner);
    }
    return value;
  }

  async function planRows(
    organisationId: string,
    actionId?: string,
  ): Promise<{ rows: PlanRows; revision: string | null }> {
    const read = (): Promise<PlanRows> =>
      Promise.all([repo.actions(db, organisationId, actionId), repo.objectiveLinks(db, organisationId)]);
    if (actionId) return { rows: await read(), revision: null };
    const revision = await repo.planRevision(db, organisationId);
    const cached = planCache.get(organisationId);
    if (cached?.revision === revision) return cached;
    const rows = deepFreeze(await read());
    planCache.delete(organisationId);
    planCache.set(organisationId, { revision, rows });
    if (planCache.size > PLAN_CACHE_ORGANISATIONS) planCache.delete(planCache.keys().next().value!);
    return { rows, revision };
  }

  async function withStatuses(organisationId: string, actionId?: string): Promise<PlanAction[]> {
    return (await withStatusesAt(organisationId, actionId)).actions;
  }

  /** The plan's actions with their statuses, and the revision of the plan they come from. */
  async function withStatusesAt(
    organisationId: string,
    actionId?: string,
  ): Promise<{ actions: PlanAction[]; revision: string | null }> {
    const {
      rows: [rows, links],
      revision,
    } = await planRows(organisationId, actionId);
    const today = ukToday(now());
    const all = rows.map<PlanAction>((row) => ({
      ...row,
      objectiveIds: links.filter((link) => link.actionId === row.id).map((link) => link.objectiveId),
      children: [],
      status: actionStatus(
        {
          targetKind: row.targetKind,
          targetEnd: row.targetEnd,
          latestProgress: row.latestState
            ? { state: row.latestState, percentComplete: row.latestPercent }
            : null,
        },
        today,
      ),
    }));
    const byId = new Map(all.map((action) => [action.id, action]));
    for (const action of all) if (action.parentId) byId.get(action.parentId)?.children.push(action);
    for (const action of all)
      if (action.children.length > 0) action.status = groupStatus(action.children.map((c) => c.status));
    return { actions: all, revision };
  }

  async function commit(
    trx: Db,
    actor: Actor,
    organisationId: string,
    plan: ParsedPlan,
    fileName: string,
    /** Actions already in the plan, by reference, that new sub-actions may belong to. */
    knownIds: ReadonlyMap<string, string> = new Map(),
  ): Promise<number> {
    const members = await repo.membersByName(trx, organisationId);
    let { area: areaPosition, action: actionPosition } = await repo.nextPositions(trx, organisationId);
    const rows: (NewAction & { source: ParsedAction })[] = [];
    for (const area of plan.areas) {
      const areaId =
        (await repo.findAreaByTitle(trx, organisationId, area.title)) ??
        (await repo.insertArea(trx, organisationId, {
          position: areaPosition++,
          title: area.title,
          description: area.description,
          criteriaHeading: area.criteriaHeading,
        }));
      for (const action of area.actions) {
        rows.push({
          source: action,
          areaId,
          parentId: null,
          reference: action.reference,
          position: actionPosition++,
          text: action.text,
          ...targetColumns(action.target),
          criteriaRefs: action.criteria,
          strands: action.strands,
          partners: action.partners,
          linkedTo: action.linkedTo,
          leads: withAccounts(action.leads, members),
        });
      }
    }
    // Parents first, so sub-actions can point at them.
    const ids = await repo.insertActions(
      trx,
      organisationId,
      rows.filter((row) => !row.source.parentReference),
    );
    const children = rows
      .filter((row) => row.source.parentReference)
      .map((row) => ({
        ...row,
        parentId: ids.get(row.source.parentReference!) ?? knownIds.get(row.source.parentReference!) ?? null,
      }));
    for (const [reference, id] of await repo.insertActions(trx, organisationId, children))
      ids.set(reference, id);
    // Progress the plan itself recorded, as the first update on each action, by whoever imported it.
    for (const row of rows) {
      const progress = row.source.progress;
      if (!progress) continue;
      await repo.insertProgress(trx, organisationId, {
        actionId: ids.get(row.reference)!,
        authorUserId: actor.userId,
        authorLabel: `${actor.label} (from ${fileName})`,
        note: progress.note,
        state: progress.state,
        percentComplete: progress.state === 'completed' ? 100 : null,
        at: now(),
      });
    }
    const count = countableActions(allActions(plan)).length;
    await audit(trx, actor, {
      organisationId,
      action: 'plan.imported',
      entityType: 'action_plan',
      summary: `Imported ${count} actions in ${plan.areas.length} areas from ${fileName}`,
      after: {
        file: fileName,
        title: plan.title,
        version: plan.versionLabel,
        areas: plan.areas.map((a) => a.title),
        actions: count,
      },
    });
    return count;
  }

  /**
   * Adds one action to the plan (from a framework gap, say), inside the caller's transaction so
   * the action and whatever it is linked to land together. It goes in the named area, made if
   * need be, with the next free reference in that area's numbering.
   */
  async function addAction(
    trx: Db,
    actor: Actor,
    organisationId: string,
    input: {
      areaTitle: string;
      text: string;
      targetEnd: string | null;
      targetText: string;
      lead: { name: string; userId: string | null } | null;
      criteriaRefs: string[];
      strands: string[];
      /** A target read from what was typed; when given it wins over targetEnd/targetText. */
      target?: Target;
      /** Further lead officers, by name (matched to accounts), after `lead`. */
      leads?: Lead[];
      partners?: string[];
      /** Makes it a sub-action: its reference is the parent's with the next letter (1.1a). */
      parent?: { id: string; reference: string };
    },
  ): Promise<{ id: string; reference: string }> {
    const positions = await repo.nextPositions(trx, organisationId);
    const areaId =
      (await repo.findAreaByTitle(trx, organisationId, input.areaTitle)) ??
      (await repo.insertArea(trx, organisationId, {
        position: positions.area,
        title: input.areaTitle,
        description: null,
        criteriaHeading: 'Framework criteria',
      }));
    const areas = await repo.areas(trx, organisationId);
    const existing = (await repo.actions(trx, organisationId)).filter((action) => action.areaId === areaId);
    const taken = await repo.references(trx, organisationId);
    const prefix =
      existing[0]?.reference.split('.')[0] ?? String(areas.findIndex((area) => area.id === areaId) + 1);
    let reference: string;
    if (input.parent) {
      let letter = 0;
      while (taken.has(`${input.parent.reference}${'abcdefghijklmnopqrstuvwxyz'[letter] ?? `-${letter}`}`))
        letter += 1;
      reference = `${input.parent.reference}${'abcdefghijklmnopqrstuvwxyz'[letter] ?? `-${letter}`}`;
    } else {
      let number = existing.length + 1;
      while (taken.has(`${prefix}.${number}`)) number += 1;
      reference = `${prefix}.${number}`;
    }
    const target: Target =
      input.target ??
      (input.targetEnd
        ? { kind: 'date', text: input.targetText, end: input.targetEnd, precision: 'month' }
        : { kind: 'none', text: '' });
    const members = input.leads?.length
      ? await repo.membersByName(trx, organisationId)
      : new Map<string, string>();
    const ids = await repo.insertActions(trx, organisationId, [
      {
        areaId,
        parentId: input.parent?.id ?? null,
        reference,
        position: positions.action,
        text: input.text,
        ...targetColumns(target),
        // A gap action without a date keeps what was written for its target.
        targetText: target.kind === 'none' ? input.targetText : target.text,
        criteriaRefs: input.criteriaRefs,
        strands: input.strands,
        partners: input.partners ?? [],
        linkedTo: null,
        leads: [
          ...(input.lead ? [{ name: input.lead.name, team: null, userId: input.lead.userId }] : []),
          ...withAccounts(input.leads ?? [], members),
        ],
      },
    ]);
    const id = ids.get(reference)!;
    await audit(trx, actor, {
      organisationId,
      action: 'action.added',
      entityType: 'action',
      entityId: id,
      summary: `Added action ${reference} to “${input.areaTitle}”: ${input.text}`,
      after: { reference, text: input.text, target: input.targetText, criteriaRefs: input.criteriaRefs },
    });
    return { id, reference };
  }

  /** A preview still waiting to be imported (one already imported cannot be read again), with its blocks. */
  async function openPreview(organisationId: string, importId: string, field: string) {
    const stored = await repo.findImport(db, organisationId, importId);
    if (!stored) throw new NotFoundError();
    if (stored.committedAt) throw new RuleError(field, 'This import has already been added to the plan');
    return stored;
  }

  async function previewBlocks(
    organisationId: string,
    importId: string,
    field: string,
  ): Promise<PlanBlock[]> {
    const blocks = await repo.importBlocks(db, organisationId, importId);
    if (!blocks) throw new RuleError(field, 'Upload the file again to read it another way');
    return blocks;
  }

  /** An action's lead officers replaced by these, each matched to an account by name. */
  async function replaceLeads(
    trx: Db,
    organisationId: string,
    actionId: string,
    leads: Lead[],
    members: ReadonlyMap<string, string>,
  ) {
    await repo.setLeads(trx, organisationId, actionId, withAccounts(leads, members));
  }

  /** An action's fields as a person types them, read as the importer reads them; a problem names its field. */
  function readTypedFields(values: {
    target: string;
    criteria: string;
    strands: string[];
    leads: string;
    partners: string;
  }) {
    const target = parseTarget(values.target);
    if (!target.ok) throw new RuleError('target', `The target: ${target.problem}`);
    const criteria = parseCriteriaRefs(values.criteria);
    if (!criteria.ok) throw new RuleError('criteria', `The framework references: ${criteria.problem}`);
    const strands = values.strands.filter(isStrand);
    if (strands.length !== values.strands.length)
      throw new RuleError('strands', 'actionPlan.errors.chooseStrandsFromTheList');
    const partners = values.partners
      .split(/[/;,\n]/)
      .map((partner) => partner.trim())
      .filter(Boolean);
    return {
      target: target.value,
      criteria: criteria.value,
      strands,
      leads: parseLeads(values.leads),
      partners,
    };
  }

  /** The organisation's remembered column choices, by normalised heading, for the next import. */
  async function columnChoices(organisationId: string): Promise<Map<string, ColumnChoice>> {
    const stored = await repo.columnChoices(db, organisationId);
    return new Map([...stored].filter((entry): entry is [string, ColumnChoice] => isColumnChoice(entry[1])));
  }

  /** The plan's current actions, read inside the import's transaction, for matching. */
  async function currentForImport(trx: Db, organisationId: string) {
    const [rows, areas] = await Promise.all([
      repo.actions(trx, organisationId),
      repo.areas(trx, organisationId),
    ]);
    const areaTitle = new Map(areas.map((area) => [area.id, area.title]));
    const references = new Map(rows.map((row) => [row.id, row.reference]));
    const current: (CurrentAction & { version: number })[] = rows.map((row) => ({
      id: row.id,
      version: row.version,
      reference: row.reference,
      parentReference: row.parentId ? (references.get(row.parentId) ?? null) : null,
      area: (row.areaId && areaTitle.get(row.areaId)) || '',
      text: row.text,
      targetText: row.targetText,
      leads: formatLeads(row.leads),
      partners: row.partners,
      criteria: row.criteriaRefs,
      strands: row.strands,
    }));
    return current;
  }

  /**
   * Applies an import to the plan in the caller's transaction, as `mode` says: withdraws what
   * goes, adds what is new, then updates what changed (so a changed action can move under a new
   * parent). Every change is audited.
   */
  async function applyImport(
    trx: Db,
    actor: Actor,
    organisationId: string,
    plan: ParsedPlan,
    fileName: string,
    mode: ImportMode,
  ): Promise<{ added: number; changed: number; withdrawn: number }> {
    if (mode === 'add')
      return { added: await commit(trx, actor, organisationId, plan, fileName), changed: 0, withdrawn: 0 };
    const current = await currentForImport(trx, organisationId);
    const changes = importChanges(current, plan, mode);
    const at = now();
    const reason =
      mode === 'replace' ? `Replaced by the plan in ${fileName}` : `Not in the updated plan in ${fileName}`;
    for (const action of changes.withdrawn)
      await repo.withdrawAction(trx, organisationId, action.id, null, reason, at);
    const keptIds = new Map(
      current
        .filter((action) => !changes.withdrawn.includes(action))
        .map((action) => [action.reference, action.id]),
    );
    for (const { current: was, incoming } of changes.changed) keptIds.set(incoming.reference, was.id);
    const addedReferences = new Set(changes.added.map((action) => action.reference));
    const added = {
      ...plan,
      areas: plan.areas
        .map((area) => ({
          ...area,
          actions: area.actions.filter((action) => addedReferences.has(action.reference)),
        }))
        .filter((area) => area.actions.length > 0),
    };
    const addedCount =
      added.areas.length > 0 ? await commit(trx, actor, organisationId, added, fileName, keptIds) : 0;
    const allIds = new Map([
      ...keptIds,
      ...(await repo.actions(trx, organisationId)).map((row) => [row.reference, row.id] as const),
    ]);
    const members = await repo.membersByName(trx, organisationId);
    for (const { current: was, incoming } of changes.changed) {
      const area = plan.areas.find((candidate) => candidate.actions.includes(incoming))!;
      const areaId =
        (await repo.findAreaByTitle(trx, organisationId, area.title)) ??
        (await repo.insertArea(trx, organisationId, {
          position: (await repo.nextPositions(trx, organisationId)).area,
          title: area.title,
          description: area.description,
          criteriaHeading: area.criteriaHeading,
        }));
      await repo.renumberAction(trx, organisationId, was.id, incoming.reference);
      await repo.updateAction(trx, organisationId, was.id, was.version, {
        areaId,
        parentId: incoming.parentReference ? (allIds.get(incoming.parentReference) ?? null) : null,
        text: incoming.text || was.text,
        ...targetColumns(incoming.target),
        criteriaRefs: incoming.criteria,
        strands: incoming.strands,
        partners: incoming.partners,
        at,
      });
      await replaceLeads(trx, organisationId, was.id, incoming.leads, members);
    }
    await audit(trx, actor, {
      organisationId,
      action: mode === 'replace' ? 'plan.replaced' : 'plan.updated',
      entityType: 'action_plan',
      summary: `${mode === 'replace' ? 'Replaced' : 'Updated'} the plan from ${fileName}: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.withdrawn.length} withdrawn, ${changes.unchanged} unchanged`,
      after: {
        file: fileName,
        added: changes.added.map((action) => action.reference),
        changed: changes.changed.map((change) => ({
          reference: change.incoming.reference,
          fields: change.fields,
        })),
        withdrawn: changes.withdrawn.map((action) => action.reference),
      },
    });
    return { added: addedCount, changed: changes.changed.length, withdrawn: changes.withdrawn.length };
  }

  return {
    addAction,
    /** Checks a parsed plan against this organisation's and stores it for the person to confirm. */
    async preview(
      actor: Actor,
      organisationId: string,
      fileName: string,
      format: string,
      parsed: ParsedPlan,
      blocks: PlanBlock[] | null = null,
      source: Buffer | null = null,
    ): Promise<string> {
      // Clashes with the plan depend on how the file is applied, so they are worked out when shown.
      return repo.insertImport(db, organisationId, {
        fileName,
        format,
        parsed,
        blocks,
        source,
        createdBy: actor.userId,
      });
    },

    columnChoices,

    /**
     * The person's choice for targets written "TBC": a problem to fix in the file, or no target
     * (set later). The plan is read again from its stored blocks; audited.
     */
    async chooseToBeConfirmed(
      actor: Actor,
      organisationId: string,
      importId: string,
      asNone: boolean,
      reread: Reread,
    ): Promise<void> {
      const stored = await openPreview(organisationId, importId, 'targets');
      const blocks = await previewBlocks(organisationId, importId, 'targets');
      const plan = await reread(blocks, await columnChoices(organisationId), asNone);
      await db.transaction().execute(async (trx) => {
        await repo.updateImportParse(trx, organisationId, importId, plan);
        await audit(trx, actor, {
          organisationId,
          action: 'plan.import_targets_chosen',
          entityType: 'plan_import',
          entityId: importId,
          summary: asNone
            ? `Chose to import the actions of ${stored.fileName} with a target of TBC with no target`
            : `Chose to treat a target of TBC in ${stored.fileName} as a problem to fix`,
        });
      });
    },

    /**
     * Reads an uploaded text file again as the person says (an encoding, a separator), with the
     * organisation's column choices; replaces the preview; audited.
     */
    async rereadFile(
      actor: Actor,
      organisationId: string,
      importId: string,
      reading: { encoding?: TextEncodingName; delimiter?: Delimiter },
      reader: (
        source: Buffer,
        fileName: string,
        choices: Map<string, ColumnChoice>,
        reading: { encoding?: TextEncodingName; delimiter?: Delimiter },
      ) => Promise<{ parsed: ParsedPlan; blocks: PlanBlock[]; format: string }>,
    ): Promise<void> {
      const stored = await openPreview(organisationId, importId, 'reading');
      const source = await repo.importSource(db, organisationId, importId);
      if (!source) throw new RuleError('reading', 'actionPlan.errors.uploadTheFileAgainTo');
      const read = await reader(source, stored.fileName, await columnChoices(organisationId), reading);
      await db.transaction().execute(async (trx) => {
        await repo.updateImportParse(trx, organisationId, importId, read.parsed, read);
        await audit(trx, actor, {
          organisationId,
          action: 'plan.import_reread',
          entityType: 'plan_import',
          entityId: importId,
          summary: `Read ${stored.fileName} again as ${read.format}`,
          after: reading,
        });
      });
    },

    /**
     * Reads a previewed import again with the columns the person chose, remembers the choices for
     * the organisation's next import, and replaces the preview; audited. `reread` is the parser
     * (off the main thread, see plan-files.ts).
     */
    async chooseColumns(
      actor: Actor,
      organisationId: string,
      importId: string,
      chosen: Map<string, ColumnChoice>,
      reread: Reread,
    ): Promise<void> {
      if (chosen.size === 0) throw new RuleError('columns', 'actionPlan.errors.chooseHowToReadAt');
      const fields = [...chosen.values()].filter((choice) => choice !== 'ignore');
      const twice = fields.find((field, index) => fields.indexOf(field) !== index);
      if (twice)
        throw new RuleError('columns', 'actionPlan.errors.columnTwice', { field: FIELD_LABELS[twice] });
      const stored = await openPreview(organisationId, importId, 'columns');
      const blocks = await previewBlocks(organisationId, importId, 'columns');
      const choices = new Map([...(await columnChoices(organisationId)), ...chosen]);
      const plan = await reread(blocks, choices, stored.parsed.toBeConfirmedAsNone ?? false);
      await db.transaction().execute(async (trx) => {
        await repo.rememberColumnChoices(trx, organisationId, chosen, now());
        await repo.updateImportParse(trx, organisationId, importId, plan);
        await audit(trx, actor, {
          organisationId,
          action: 'plan.import_columns_chosen',
          entityType: 'plan_import',
          entityId: importId,
          summary: `Chose how to read the columns of ${stored.fileName}: ${[...chosen].map(([heading, choice]) => `${heading || '(blank)'} → ${choice}`).join(', ')}`,
          after: Object.fromEntries(chosen),
        });
      });
    },

    /**
     * The preview of an import as `mode` would apply it (by default: update when the file shares
     * references with the plan, otherwise add), with what would change and every problem that
     * would stop it.
     */
    async getPreview(organisationId: string, importId: string, mode?: ImportMode): Promise<ImportPreview> {
      const stored = await repo.findImport(db, organisationId, importId);
      if (!stored) throw new NotFoundError();
      const current = await currentForImport(db, organisationId);
      // Update only when the file is recognisably a copy of this plan (a reference in common);
      // a file of new actions is added, so nothing is withdrawn by surprise.
      const references = new Set(current.map((action) => action.reference));
      const overlaps = allActions(stored.parsed).some((action) => references.has(action.reference));
      const chosen = mode ?? (overlaps ? 'update' : 'add');
      const problems = [
        ...stored.parsed.problems,
        ...(chosen === 'add'
          ? clashes(stored.parsed, new Set(current.map((action) => action.reference)))
          : []),
      ];
      return {
        ...stored,
        plan: { ...stored.parsed, problems },
        actionCount: countableActions(allActions(stored.parsed)).length,
        mode: chosen,
        existingCount: countableActions(current).length,
        changes: importChanges(current, stored.parsed, chosen),
      };
    },

    /**
     * Commits a previewed import in one transaction: every action or none. Refused while there are
     * problems, or if the plan has changed so that references now clash, or if it was committed.
     */
    async confirm(
      actor: Actor,
      organisationId: string,
      importId: string,
      mode: ImportMode = 'add',
    ): Promise<{ imported: number; changed: number; withdrawn: number } | { problems: PlanProblem[] }> {
      return db.transaction().execute(async (trx) => {
        const stored = await repo.findImport(trx, organisationId, importId);
        if (!stored) throw new NotFoundError();
        const problems = [
          ...stored.parsed.problems,
          ...(mode === 'add' ? clashes(stored.parsed, await repo.references(trx, organisationId)) : []),
        ];
        if (stored.committedAt || problems.length > 0) return { problems };
        if (!(await repo.markImportCommitted(trx, organisationId, importId, now()))) return { problems: [] };
        const applied = await applyImport(trx, actor, organisationId, stored.parsed, stored.fileName, mode);
        return { imported: applied.added, changed: applied.changed, withdrawn: applied.withdrawn };
      });
    },

    /** For the command line: check and commit in one step (nothing is written if there is a problem). */
    async importDirect(
      actor: Actor,
      organisationId: string,
      fileName: string,
      parsed: ParsedPlan,
      mode: ImportMode = 'add',
    ) {
      return db.transaction().execute(async (trx) => {
        const problems = [
          ...parsed.problems,
          ...(mode === 'add' ? clashes(parsed, await repo.references(trx, organisationId)) : []),
        ];
        if (problems.length > 0) return { imported: 0, changed: 0, withdrawn: 0, problems };
        if (mode !== 'add') {
          const applied = await applyImport(trx, actor, organisationId, parsed, fileName, mode);
          return {
            imported: applied.added,
            changed: applied.changed,
            withdrawn: applied.withdrawn,
            problems,
          };
        }
        return {
          imported: await commit(trx, actor, organisationId, parsed, fileName),
          changed: 0,
          withdrawn: 0,
          problems,
        };
      });
    },

    /**
     * The plan grouped by area, each top-level action with its sub-actions, narrowed by filters;
     * with counts by status (of the whole plan) and the lead officers' names for the filter form.
     */
    async grouped(organisationId: string, filters: PlanFilters = {}) {
      const [areas, { actions, revision }] = await Promise.all([
        repo.areas(db, organisationId),
        withStatusesAt(organisationId),
      ]);
      const today = ukToday(now());
      const topLevel = filterActions(
        actions.filter((action) => !action.parentId),
        filters,
        today,
      );
      const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
        ActionStatus,
        number
      >;
      for (const action of actions) if (action.children.length === 0) counts[action.status] += 1;
      const leadNames = [
        ...new Set(actions.flatMap((action) => action.leads.map((lead) => lead.name))),
      ].sort();
      return {
        areas: areas.map<PlanAreaView>((area) => ({
          ...area,
          actions: topLevel.filter((action) => action.areaId === area.id),
        })),
        allAreas: areas,
        counts,
        leadNames,
        /**
         * What this view of the plan is as of: the same freshness and filters give the same
         * plan, so a page may reuse what it rendered from it.
         */
        freshness: freshnessKey(organisationId, revision, today, filters),
      };
    },

    /** What grouped() would give as its freshness now, in one query, without reading the plan. */
    async freshness(organisationId: string, filters: PlanFilters = {}): Promise<string> {
      const revision = await repo.planRevision(db, organisationId);
      return freshnessKey(organisationId, revision, ukToday(now()), filters);
    },

    /** The plan (or a filtered view of it) in the shape the exporters write. */
    async exportable(organisationId: string, title: string, filters: PlanFilters = {}): Promise<ExportPlan> {
      const { areas } = await this.grouped(organisationId, filters);
      return {
        title,
        areas: areas
          .filter((area) => area.actions.length > 0)
          .map((area) => ({
            title: area.title,
            description: area.description,
            criteriaHeading: area.criteriaHeading,
            actions: area.actions,
          })),
      };
    },

    /** The plan as it stands now, in the frozen shape a published version keeps. */
    async snapshot(organisationId: string): Promise<VersionAction[]> {
      const [areas, actions] = await Promise.all([
        repo.areas(db, organisationId),
        withStatuses(organisationId),
      ]);
      const areaTitle = new Map(areas.map((area) => [area.id, area.title]));
      const references = new Map(actions.map((action) => [action.id, action.reference]));
      return actions.map((action) => ({
        reference: action.reference,
        parentReference: action.parentId ? (references.get(action.parentId) ?? null) : null,
        area: (action.areaId && areaTitle.get(action.areaId)) || '',
        text: action.text,
        targetText: action.targetText,
        targetEnd: action.targetEnd,
        status: action.status,
        leads: action.leads.map((lead) => lead.name),
        strands: action.strands,
        criteria: action.criteriaRefs,
        latestNote: action.latestNote,
      }));
    },

    /** Publishes a dated, frozen copy of the plan under a label such as "2010 update". */
    async publish(
      actor: Actor,
      organisationId: string,
      label: string,
    ): Promise<{ id: string } | { problem: string }> {
      const snapshot = await this.snapshot(organisationId);
      if (snapshot.length === 0) return { problem: 'There are no actions to publish yet' };
      return db.transaction().execute(async (trx) => {
        if (await repo.versionLabelTaken(trx, organisationId, label))
          return { problem: `A version called “${label}” already exists: choose another name` };
        const id = await repo.insertVersion(trx, organisationId, {
          label,
          publishedByLabel: actor.label,
          snapshot,
          at: now(),
        });
        await audit(trx, actor, {
          organisationId,
          action: 'plan.version_published',
          entityType: 'plan_version',
          entityId: id,
          summary: `Published the action plan version “${label}” (${countableActions(snapshot).length} actions)`,
        });
        return { id };
      });
    },

    versions: (organisationId: string) => repo.versions(db, organisationId),

    async version(organisationId: string, id: string) {
      const version = await repo.findVersion(db, organisationId, id);
      if (!version) throw new NotFoundError();
      return version;
    },

    /** Compares two published versions, or a version with the plan as it stands ("current"). */
    async compare(organisationId: string, fromId: string, toId: string) {
      const from = await this.version(organisationId, fromId);
      const to =
        toId === 'current'
          ? {
              id: 'current',
              label: 'the current plan',
              publishedAt: now(),
              publishedBy: '',
              snapshot: await this.snapshot(organisationId),
            }
          : await this.version(organisationId, toId);
      return { from, to, comparison: comparePlans(from.snapshot, to.snapshot) };
    },

    /**
     * The committee progress report on a published version, with what was completed since the
     * version published before it.
     */
    async committeeReport(organisationId: string, versionId: string) {
      const version = await this.version(organisationId, versionId);
      // Versions come newest first; the previous one is the next in that order.
      const all = await repo.versions(db, organisationId);
      const earlier = all[all.findIndex((candidate) => candidate.id === version.id) + 1];
      const previous = earlier ? await this.version(organisationId, earlier.id) : null;
      return { version, previous, report: buildCommitteeReport(version, previous) };
    },

    /** The plan's areas, in order. */
    areas: (organisationId: string) => repo.areas(db, organisationId),

    /** Every action, flat, with its status (for other features to link to). */
    list: (organisationId: string) => withStatuses(organisationId),

    async action(organisationId: string, actionId: string) {
      const all = await withStatuses(organisationId);
      const action = all.find((candidate) => candidate.id === actionId);
      if (!action) throw new NotFoundError();
      const [progress, areas] = await Promise.all([
        repo.progress(db, organisationId, actionId),
        repo.areas(db, organisationId),
      ]);
      const parent = action.parentId ? all.find((candidate) => candidate.id === action.parentId) : undefined;
      return { action, parent, progress, area: areas.find((area) => area.id === action.areaId) };
    },

    /**
     * Changes an action in place: its words, target, leads, partners, framework references,
     * strands, area and parent. Fields are read as the importer reads them; a parent must be a
     * top-level action other than this one; the change is version-checked and audited with what
     * it was before, so the version comparison and the audit log both show it.
     */
    async editAction(
      actor: Actor,
      organisationId: string,
      actionId: string,
      version: number,
      values: {
        text: string;
        target: string;
        leads: string;
        partners: string;
        criteria: string;
        strands: string[];
        areaId: string | null;
        parentId: string | null;
      },
    ): Promise<void> {
      const all = await withStatuses(organisationId);
      const action = all.find((candidate) => candidate.id === actionId);
      if (!action) throw new NotFoundError();
      const typed = readTypedFields(values);
      const { strands, leads, partners } = typed;
      const areas = await repo.areas(db, organisationId);
      if (values.areaId && !areas.some((area) => area.id === values.areaId))
        throw new RuleError('areaId', 'actionPlan.errors.chooseAnAreaFromThe');
      if (values.parentId) {
        const parent = all.find((candidate) => candidate.id === values.parentId);
        if (!parent || parent.parentId || parent.id === actionId || action.children.length > 0)
          throw new RuleError(
            'parentId',
            action.children.length > 0
              ? 'This action has sub-actions of its own, so it cannot become a sub-action'
              : 'Choose a top-level action other than this one',
          );
      }
      const before = {
        text: action.text,
        target: action.targetText,
        leads: formatLeads(action.leads),
        partners: action.partners,
        criteria: action.criteriaRefs,
        strands: action.strands,
        areaId: action.areaId,
        parentId: action.parentId,
      };
      const after = {
        text: values.text,
        target: typed.target.text,
        leads: formatLeads(leads),
        partners,
        criteria: typed.criteria,
        strands,
        areaId: values.areaId ?? action.areaId,
        parentId: values.parentId,
      };
      const members = await repo.membersByName(db, organisationId);
      await db.transaction().execute(async (trx) => {
        const updated = await repo.updateAction(trx, organisationId, actionId, version, {
          areaId: after.areaId,
          parentId: after.parentId,
          text: after.text,
          ...targetColumns(typed.target),
          criteriaRefs: after.criteria,
          strands,
          partners,
          at: now(),
        });
        if (!updated) throw new EditConflictError({ ...before, version: action.version });
        await replaceLeads(trx, organisationId, actionId, leads, members);
        const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
          (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
        );
        await audit(trx, actor, {
          organisationId,
          action: 'action.edited',
          entityType: 'action',
          entityId: actionId,
          summary: `Changed action ${action.reference}${changed.length ? ` (${changed.join(', ')})` : ''}`,
          before,
          after,
        });
      });
    },

    /**
     * Adds an action typed on the page, to an area of the plan or under a top-level action (a
     * sub-action: how an action is split into parts). Audited; the reference is the next free one.
     */
    async newAction(
      actor: Actor,
      organisationId: string,
      values: {
        text: string;
        target: string;
        leads: string;
        partners: string;
        criteria: string;
        strands: string[];
        areaId: string | null;
        parentId: string | null;
      },
    ): Promise<{ id: string; reference: string }> {
      const typed = readTypedFields(values);
      const [areas, all] = await Promise.all([repo.areas(db, organisationId), withStatuses(organisationId)]);
      const parent = values.parentId ? all.find((candidate) => candidate.id === values.parentId) : undefined;
      if (values.parentId && (!parent || parent.parentId))
        throw new RuleError('parentId', 'actionPlan.errors.chooseATopLevelAction');
      const area = areas.find((candidate) => candidate.id === (parent?.areaId ?? values.areaId));
      if (!area) throw new RuleError('areaId', 'actionPlan.errors.chooseAnAreaOfThe');
      return db.transaction().execute((trx) =>
        addAction(trx, actor, organisationId, {
          areaTitle: area.title,
          text: values.text,
          targetEnd: null,
          targetText: typed.target.text,
          target: typed.target,
          lead: null,
          leads: typed.leads,
          partners: typed.partners,
          criteriaRefs: typed.criteria,
          strands: typed.strands,
          ...(parent ? { parent: { id: parent.id, reference: parent.reference } } : {}),
        }),
      );
    },

    /**
     * Withdraws an action (and its sub-actions) from the plan: kept with its progress and audit
     * trail, no longer listed, counted or published. Version-checked; the reason is required.
     */
    async withdrawAction(
      actor: Actor,
      organisationId: string,
      actionId: string,
      version: number,
      reason: string,
    ) {
      const [action] = await withStatuses(organisationId, actionId);
      if (!action) throw new NotFoundError();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.withdrawAction(trx, organisationId, actionId, version, reason, now())))
          throw new EditConflictError({
            text: action.text,
            target: action.targetText,
            version: action.version,
          });
        await audit(trx, actor, {
          organisationId,
          action: 'action.withdrawn',
          entityType: 'action',
          entityId: actionId,
          summary: `Withdrew action ${action.reference}${action.children.length ? ` and its ${action.children.length} sub-actions` : ''}: ${reason}`,
          before: { reference: action.reference, text: action.text },
          after: { withdrawnReason: reason },
        });
      });
      return action;
    },

    /** Lead officers named in the plan who are not yet connected to an account. */
    unlinkedLeadNames: (organisationId: string) => repo.unlinkedLeadNames(db, organisationId),

    /**
     * Connects imported lead names ("Jane Harris") to people's accounts, so "My actions" and the
     * reminders find them. `staff` is who may lead actions (the team service says); anyone else
     * is refused. One audit event lists every connection.
     */
    async connectLeadNames(
      actor: Actor,
      organisationId: string,
      links: { name: string; userId: string }[],
      staff: { userId: string; displayName: string }[],
    ): Promise<number> {
      for (const link of links)
        if (!staff.some((member) => member.userId === link.userId))
          throw new RuleError('userId', 'actionPlan.errors.choosePersonFor', { name: link.name });
      return db.transaction().execute(async (trx) => {
        let connected = 0;
        for (const link of links)
          connected += await repo.linkLeadName(trx, organisationId, link.name, link.userId);
        if (connected > 0)
          await audit(trx, actor, {
            organisationId,
            action: 'plan.leads_connected',
            entityType: 'action_plan',
            summary: `Connected lead officers to their accounts: ${links
              .map(
                (link) =>
                  `${link.name} → ${staff.find((member) => member.userId === link.userId)!.displayName}`,
              )
              .join(', ')}`,
            after: { links, connected },
          });
        return connected;
      });
    },

    /** Lead officers post progress on their own actions; leads and admins on any. */
    async postProgress(
      actor: Actor,
      person: { userId: string; role: Role },
      organisationId: string,
      actionId: string,
      update: { note: string; state: 'on_track' | 'at_risk' | 'completed'; percentComplete: number | null },
    ): Promise<void> {
      const [action] = await withStatuses(organisationId, actionId);
      if (!action) throw new NotFoundError();
      if (!planPolicy.mayPostProgress(person, action))
        throw new ForbiddenError('Only this action’s lead officers can post progress on it');
      await db.transaction().execute(async (trx) => {
        await repo.insertProgress(trx, organisationId, {
          actionId,
          authorUserId: actor.userId,
          authorLabel: actor.label,
          ...update,
          at: now(),
        });
        await audit(trx, actor, {
          organisationId,
          action: 'action.progress_posted',
          entityType: 'action',
          entityId: actionId,
          summary: `Posted progress on action ${action.reference}: ${update.state.replace('_', ' ')}`,
          after: { note: update.note, state: update.state, percentComplete: update.percentComplete },
        });
      });
    },
  };
}

export type ActionPlanService = ReturnType<typeof createActionPlanService>;
