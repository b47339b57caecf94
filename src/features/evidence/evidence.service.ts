import type { Db } from '../../db/connect.ts';
import type { Actor, AuditRecord, RecordAudit } from '../../platform/audit/audit.ts';
import { EditConflictError, ForbiddenError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { Asker } from '../../platform/roles.ts';
import { evidencePolicy } from './evidence.policy.ts';
import { ukToday } from '../action-plan/action-status.ts';
import type { ActionPlanService } from '../action-plan/action-plan.service.ts';
import type { ObjectivesService } from '../objectives/objectives.service.ts';
import type { FrameworksService } from '../frameworks/frameworks.service.ts';
import type { TeamService } from '../team/team.service.ts';
import { checkUntrustedUpload } from './evidence-file-types.ts';
import { isStale } from './evidence-review.ts';
import type { FileStore } from '../../infra/file-store/file-store.ts';
import type {
  CriterionLink,
  EvidenceRepo,
  EvidenceRow,
  EvidenceValues,
  StoredFile,
} from './evidence.repo.ts';
import type { EvidenceForm } from './evidence.schema.ts';

export interface EvidenceFilters {
  kind?: string;
  strand?: string;
  stale?: boolean;
  ownerUserId?: string;
  text?: string;
  /** Withdrawn items are left out unless asked for. */
  withdrawn?: boolean;
}

type Upload = { fileName: string; content: Buffer };

function snapshot(values: Omit<EvidenceValues, 'kind'> & { kind?: string }) {
  return {
    title: values.title,
    kind: values.kind,
    url: values.url,
    record: values.recordId ? `${values.recordType}:${values.recordId}` : null,
    description: values.description,
    ownerUserId: values.ownerUserId,
    evidenceDate: values.evidenceDate,
    reviewDate: values.reviewDate,
    strands: values.strands,
  };
}

export function createEvidenceService(deps: {
  db: Db;
  repo: EvidenceRepo;
  files: FileStore;
  frameworks: FrameworksService;
  actionPlan: ActionPlanService;
  objectives: ObjectivesService;
  team: TeamService;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, files, frameworks, actionPlan, objectives, team, audit, now } = deps;

  async function require(trx: Db, organisationId: string, id: string): Promise<EvidenceRow> {
    const item = await repo.find(trx, organisationId, id);
    if (!item) throw new NotFoundError();
    return item;
  }

  /** Checks an upload's type by its content and stores its bytes; the row is written by the caller. */
  async function storeUpload(organisationId: string, upload: Upload | null): Promise<StoredFile> {
    if (!upload) throw new RuleError('file', 'evidence.errors.chooseTheFileToUpload');
    const checked = await checkUntrustedUpload(upload.fileName, upload.content);
    if (!checked.ok) throw new RuleError('file', checked.problem);
    return {
      fileName: upload.fileName,
      contentType: checked.type.contentType,
      sizeBytes: upload.content.length,
      ...(await files.put(organisationId, upload.content)),
    };
  }

  /**
   * Applies a change to an item as it was when the person saw it (`apply` says whether the
   * version still matched) and audits it in the same transaction; a lost race is a conflict
   * showing the item as it is now, and nothing is written.
   */
  async function changeIfVersion(
    actor: Actor,
    asker: Asker,
    organisationId: string,
    before: EvidenceRow,
    apply: (trx: Db) => Promise<boolean>,
    event: Pick<AuditRecord, 'action' | 'summary' | 'before' | 'after'>,
  ): Promise<void> {
    mayChange(asker, before);
    await db.transaction().execute(async (trx) => {
      if (!(await apply(trx)))
        throw new EditConflictError({ ...((await repo.find(trx, organisationId, before.id)) ?? before) });
      await audit(trx, actor, { organisationId, entityType: 'evidence', entityId: before.id, ...event });
    });
  }

  function mayChange(asker: Asker, item: EvidenceRow): void {
    if (!evidencePolicy.mayChange(asker, item))
      throw new ForbiddenError('Only the owner of this evidence and the equality leads can change it');
  }

  /** Turns the form into stored values, checking the record and owner belong to this organisation. */
  async function valuesFrom(organisationId: string, form: EvidenceForm): Promise<EvidenceValues> {
    let recordType: EvidenceValues['recordType'] = null;
    let recordId: string | null = null;
    if (form.kind === 'record') {
      const [type, id] = form.record!.split(':') as ['action' | 'objective', string];
      const exists =
        type === 'action'
          ? (await actionPlan.list(organisationId)).some((action) => action.id === id)
          : (await objectives.list(organisationId)).some((objective) => objective.id === id);
      if (!exists) throw new RuleError('record', 'evidence.errors.chooseAnActionOrObjective');
      recordType = type;
      recordId = id;
    }
    if (form.ownerUserId) {
      if (!(await team.listStaff(organisationId)).some((member) => member.userId === form.ownerUserId))
        throw new RuleError('ownerUserId', 'evidence.errors.chooseAnOwnerFromThe');
    }
    return {
      title: form.title,
      kind: form.kind,
      url: form.kind === 'link' ? form.url : null,
      recordType,
      recordId,
      description: form.description,
      ownerUserId: form.ownerUserId,
      evidenceDate: form.evidenceDate,
      reviewDate: form.reviewDate,
      strands: form.strands,
    };
  }

  /** A criterion link must name a criterion some loaded version of the framework has. */
  async function checkCriterion(organisationId: string, link: CriterionLink): Promise<void> {
    const catalogue = await frameworks.catalogue(organisationId);
    const versions = catalogue.filter((entry) => entry.definition.id === link.frameworkId);
    if (versions.length === 0) throw new RuleError('frameworkId', 'evidence.errors.chooseAFrameworkFromThe');
    if (
      !versions.some((entry) =>
        entry.definition.criteria.some((criterion) => criterion.ref === link.criterionRef),
      )
    )
      throw new RuleError('criterionRef', 'evidence.errors.noSuchCriterion', {
        framework: versions[0]!.definition.name,
        ref: link.criterionRef,
      });
  }

  return {
    async list(organisationId: string, filters: EvidenceFilters = {}) {
      const today = ukToday(now());
      const text = filters.text?.toLowerCase();
      return (await repo.list(db, organisationId))
        .map((item) => ({ ...item, stale: !item.withdrawnAt && isStale(item.reviewDate, today) }))
        .filter(
          (item) =>
            (!filters.kind || item.kind === filters.kind) &&
            (!filters.strand || item.strands.includes(filters.strand)) &&
            (!filters.stale || item.stale) &&
            (!filters.ownerUserId || item.ownerUserId === filters.ownerUserId) &&
            (filters.withdrawn || !item.withdrawnAt) &&
            (!text ||
              item.title.toLowerCase().includes(text) ||
              (item.description ?? '').toLowerCase().includes(text)),
        );
    },

    get: (organisationId: string, id: string) => require(db, organisationId, id),

    /** The item, what it supports (named from the framework catalogue) and the record it points to. */
    async details(organisationId: string, id: string) {
      const item = await require(db, organisationId, id);
      const [links, catalogue, earlierFiles] = await Promise.all([
        repo.criteriaOf(db, organisationId, id),
        frameworks.catalogue(organisationId),
        repo.earlierFiles(db, organisationId, id),
      ]);
      const supports = links.map((link) => {
        const versions = catalogue.filter((entry) => entry.definition.id === link.frameworkId);
        const criterion = versions
          .flatMap((entry) => entry.definition.criteria)
          .find((candidate) => candidate.ref === link.criterionRef);
        return {
          ...link,
          frameworkName: versions[0]?.definition.name ?? link.frameworkId,
          text: criterion?.text ?? null,
        };
      });
      let record: { href: string; label: string } | null = null;
      if (item.recordType === 'action' && item.recordId) {
        const action = (await actionPlan.list(organisationId)).find(
          (candidate) => candidate.id === item.recordId,
        );
        if (action)
          record = {
            href: `/plan/actions/${action.id}`,
            label: `Action ${action.reference}: ${action.text}`,
          };
      } else if (item.recordType === 'objective' && item.recordId) {
        const objective = (await objectives.list(organisationId)).find(
          (candidate) => candidate.id === item.recordId,
        );
        if (objective)
          record = { href: `/objectives/${objective.id}`, label: `Objective: ${objective.title}` };
      }
      return {
        item,
        supports,
        record,
        earlierFiles,
        stale: !item.withdrawnAt && isStale(item.reviewDate, ukToday(now())),
      };
    },

    /** Choices for the form: the organisation's actions, objectives and staff. */
    async formChoices(organisationId: string) {
      const [actions, objectiveList, members] = await Promise.all([
        actionPlan.list(organisationId),
        objectives.list(organisationId),
        team.listStaff(organisationId),
      ]);
      return {
        records: [
          ...objectiveList.map((objective) => ({
            value: `objective:${objective.id}`,
            text: `Objective: ${objective.title}`,
          })),
          ...actions.map((action) => ({
            value: `action:${action.id}`,
            text: `Action ${action.reference}: ${action.text.slice(0, 100)}`,
          })),
        ],
        owners: members.map((member) => ({ value: member.userId, text: member.displayName })),
      };
    },

    /**
     * Adds an item (storing its file first when it is an upload) and, when it was added from a
     * criterion, links it there, all in one transaction.
     */
    async create(
      actor: Actor,
      organisationId: string,
      form: EvidenceForm,
      upload: Upload | null,
      supports: CriterionLink | null,
    ): Promise<string> {
      const values = await valuesFrom(organisationId, form);
      if (supports) await checkCriterion(organisationId, supports);
      const stored = form.kind === 'upload' ? await storeUpload(organisationId, upload) : null;
      return db.transaction().execute(async (trx) => {
        const fileId = stored ? await repo.insertFile(trx, organisationId, stored) : null;
        const id = await repo.insert(trx, organisationId, values, fileId, actor.label);
        await audit(trx, actor, {
          organisationId,
          action: 'evidence.added',
          entityType: 'evidence',
          entityId: id,
          summary: `Added the evidence “${values.title}”${stored ? ` (${stored.fileName}, ${stored.sizeBytes} bytes)` : ''}${supports ? ` for ${supports.frameworkId} criterion ${supports.criterionRef}` : ''}`,
          after: snapshot(values),
        });
        if (supports) await repo.link(trx, organisationId, id, supports, actor.label);
        return id;
      });
    },

    async update(
      actor: Actor,
      asker: Asker,
      organisationId: string,
      id: string,
      version: number,
      form: EvidenceForm,
    ): Promise<void> {
      const before = await require(db, organisationId, id);
      // The kind is fixed once added: an upload stays an upload.
      const values = await valuesFrom(organisationId, { ...form, kind: before.kind });
      await changeIfVersion(
        actor,
        asker,
        organisationId,
        before,
        (trx) => repo.updateIfVersion(trx, organisationId, id, version, values, now(), actor.label),
        {
          action: 'evidence.changed',
          summary: `Changed the evidence “${values.title}”`,
          before: snapshot(before),
          after: snapshot(values),
        },
      );
    },

    /**
     * Takes an item out of use without losing it: it stops counting for any criterion, leaves the
     * library's default list and the owner's reminders, and keeps its links for a restore.
     */
    async withdraw(
      actor: Actor,
      asker: Asker,
      organisationId: string,
      id: string,
      version: number,
      reason: string,
    ): Promise<void> {
      const before = await require(db, organisationId, id);
      if (before.withdrawnAt)
        throw new RuleError('restore', 'evidence.errors.thisEvidenceIsAlreadyWithdrawn');
      const at = now();
      const withdrawal = { at, byLabel: actor.label, reason };
      await changeIfVersion(
        actor,
        asker,
        organisationId,
        before,
        (trx) => repo.setWithdrawnIfVersion(trx, organisationId, id, version, withdrawal, at),
        { action: 'evidence.withdrawn', summary: `Withdrew the evidence “${before.title}”: ${reason}` },
      );
    },

    async restore(
      actor: Actor,
      asker: Asker,
      organisationId: string,
      id: string,
      version: number,
    ): Promise<void> {
      const before = await require(db, organisationId, id);
      if (!before.withdrawnAt) return;
      await changeIfVersion(
        actor,
        asker,
        organisationId,
        before,
        (trx) => repo.setWithdrawnIfVersion(trx, organisationId, id, version, null, now()),
        {
          action: 'evidence.restored',
          summary: `Restored the evidence “${before.title}” (withdrawn because: ${before.withdrawnReason})`,
        },
      );
    },

    /** A newer file for an upload; the one it replaces stays downloadable from the item's page. */
    async replaceFile(
      actor: Actor,
      asker: Asker,
      organisationId: string,
      id: string,
      version: number,
      upload: Upload | null,
    ): Promise<void> {
      const before = await require(db, organisationId, id);
      if (before.kind !== 'upload' || !before.fileId)
        throw new RuleError('file', 'evidence.errors.onlyAnUploadedDocumentHas');
      if (before.withdrawnAt)
        throw new RuleError('restore', 'evidence.errors.restoreThisEvidenceBeforeReplacing');
      const stored = await storeUpload(organisationId, upload);
      await changeIfVersion(
        actor,
        asker,
        organisationId,
        before,
        async (trx) => {
          const newFileId = await repo.insertFile(trx, organisationId, stored);
          const change = { earlierFileId: before.fileId!, newFileId, byLabel: actor.label };
          return repo.replaceFileIfVersion(trx, organisationId, id, version, change, now());
        },
        {
          action: 'evidence.file-replaced',
          summary: `Replaced the file of “${before.title}”: ${before.fileName} (${before.sizeBytes} bytes) with ${stored.fileName} (${stored.sizeBytes} bytes)`,
        },
      );
    },

    async link(actor: Actor, organisationId: string, evidenceId: string, link: CriterionLink): Promise<void> {
      const item = await require(db, organisationId, evidenceId);
      if (item.withdrawnAt)
        throw new RuleError('evidenceId', 'evidence.errors.withdrawnCannotLink', { title: item.title });
      await checkCriterion(organisationId, link);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.link(trx, organisationId, evidenceId, link, actor.label))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'evidence.linked',
          entityType: 'evidence',
          entityId: evidenceId,
          summary: `Linked “${item.title}” to ${link.frameworkId} criterion ${link.criterionRef}`,
        });
      });
    },

    /** The item's file, or one of its earlier files when `earlierFileId` names one. */
    async download(organisationId: string, id: string, earlierFileId?: string) {
      const item = await require(db, organisationId, id);
      let fileId = item.fileId;
      if (earlierFileId !== undefined)
        fileId = (await repo.earlierFiles(db, organisationId, id)).some(
          (earlier) => earlier.fileId === earlierFileId,
        )
          ? earlierFileId
          : null;
      const file = fileId ? await repo.file(db, organisationId, fileId) : undefined;
      if (!file) throw new NotFoundError();
      return { fileName: file.fileName, contentType: file.contentType, content: await files.read(file) };
    },

    /** The criteria a current item supports; none once it is withdrawn (it counts for nothing then). */
    async currentSupport(organisationId: string, evidenceId: string) {
      const item = await require(db, organisationId, evidenceId);
      return item.withdrawnAt ? [] : repo.criteriaOf(db, organisationId, evidenceId);
    },

    forFramework: (organisationId: string, frameworkId: string) =>
      repo.forFramework(db, organisationId, frameworkId),

    forCriterion: (organisationId: string, link: CriterionLink) =>
      repo.forFramework(db, organisationId, link.frameworkId, { criterionRef: link.criterionRef }),

    /** Links to items past their review date on `today`, for the readiness view's list. */
    staleForFramework: (organisationId: string, frameworkId: string, today: string) =>
      repo.forFramework(db, organisationId, frameworkId, { staleBefore: today }),

    /** Per criterion: items supporting it, and how many of them are current on `today`. */
    linkCounts: (organisationId: string, frameworkId: string, today: string) =>
      repo.linkCounts(db, organisationId, frameworkId, today),

    /** Items this person owns that are past their review date, for their dashboard. */
    staleOwnedBy: (organisationId: string, userId: string) =>
      repo.staleOwnedBy(db, organisationId, userId, ukToday(now())),
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;

export type { LinkedEvidence } from './evidence.repo.ts';
