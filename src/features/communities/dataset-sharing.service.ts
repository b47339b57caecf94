import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { disclosurePolicyOf, publishTable, type PublishedFigure } from '../../stats/disclosure.ts';
import { classificationById } from './classifications.ts';
import type { CommunitiesRepo, DatasetRow } from './communities.repo.ts';
import type { DatasetSharingRepo, ShareRow } from './dataset-sharing.repo.ts';
import { ROLL_UP_ORDER, type Level } from './geography.ts';

/** What a partner sees of a shared dataset: one kind of area at a time, every figure published. */
export interface SharedFigures {
  share: ShareRow;
  dataset: DatasetRow;
  levels: { level: Level; areas: number }[];
  level: Level | null;
  categories: { code: string; label: string }[];
  rows: { code: string; name: string; cells: PublishedFigure[]; total: PublishedFigure }[];
  policyId: string;
}

/**
 * Sharing a dataset's aggregates with a partner organisation. Only figures leave: counts are
 * published under the owner's disclosure policy (with secondary suppression, row by row), never
 * anything person-level (Equalis holds none for datasets). Sharing and revoking are audited in the
 * owner's log; a revoked share stops at once.
 */
export function createDatasetSharingService(deps: {
  db: Db;
  repo: DatasetSharingRepo;
  communities: CommunitiesRepo;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, communities, audit } = deps;

  return {
    async share(
      actor: Actor,
      ownerId: string,
      datasetId: string,
      input: { partner: string; purpose: string },
    ): Promise<string> {
      const dataset = await communities.dataset(db, ownerId, datasetId);
      if (!dataset) throw new NotFoundError();
      const slug = input.partner.trim().toLowerCase();
      const purpose = input.purpose.trim();
      if (!slug) throw new RuleError('partner', 'communities.sharing.errors.partnerRequired');
      const partner = await repo.organisationBySlug(db, slug);
      if (!partner) throw new RuleError('partner', 'communities.sharing.errors.noSuchPartner', { slug });
      if (partner.id === ownerId) throw new RuleError('partner', 'communities.sharing.errors.notYourself');
      if (!purpose) throw new RuleError('purpose', 'communities.sharing.errors.purposeRequired');
      if (purpose.length > 500) throw new RuleError('purpose', 'communities.sharing.errors.purposeTooLong');
      return db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, {
          ownerId,
          datasetId,
          partnerId: partner.id,
          purpose,
          sharedByLabel: actor.label,
        });
        if (!id)
          throw new RuleError('partner', 'communities.sharing.errors.alreadyShared', {
            partner: partner.name,
          });
        await audit(trx, actor, {
          organisationId: ownerId,
          action: 'dataset.shared',
          entityType: 'dataset',
          entityId: datasetId,
          summary: `Shared the aggregates of “${dataset.title}” with ${partner.name}: ${purpose}`,
          after: { shareId: id, partner: partner.name, purpose },
        });
        return id;
      });
    },

    async revoke(actor: Actor, ownerId: string, datasetId: string, shareId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const revoked = await repo.revoke(trx, ownerId, shareId, actor.label, deps.now());
        if (!revoked || revoked.datasetId !== datasetId) throw new NotFoundError();
        await audit(trx, actor, {
          organisationId: ownerId,
          action: 'dataset.share_revoked',
          entityType: 'dataset',
          entityId: datasetId,
          summary: `Stopped sharing “${revoked.datasetTitle}” with ${revoked.partnerName}`,
          before: { shareId, partner: revoked.partnerName },
        });
      });
    },

    async sharesOf(ownerId: string, datasetId: string): Promise<ShareRow[]> {
      return repo.ofDataset(db, ownerId, datasetId);
    },

    async sharedWith(partnerId: string): Promise<ShareRow[]> {
      return repo.withPartner(db, partnerId);
    },

    /** A share's figures for one kind of area (the largest, unless one is asked for), as the partner may see them. */
    async sharedFigures(partnerId: string, shareId: string, wanted?: string): Promise<SharedFigures> {
      const share = await repo.liveForPartner(db, partnerId, shareId);
      if (!share) throw new NotFoundError();
      const dataset = await communities.dataset(db, share.ownerId, share.datasetId);
      const classification = dataset ? classificationById(dataset.classification) : undefined;
      if (!dataset || !classification) throw new NotFoundError();
      const levels = (await communities.levelsOfDataset(db, share.ownerId, dataset.id)).sort(
        (a, b) => ROLL_UP_ORDER.indexOf(b.level) - ROLL_UP_ORDER.indexOf(a.level),
      );
      const level = levels.find((one) => one.level === wanted)?.level ?? levels[0]?.level ?? null;
      const policyId = await communities.disclosurePolicy(db, share.ownerId);
      const policy = disclosurePolicyOf(policyId);
      const figures = level ? await communities.figuresAtLevel(db, share.ownerId, dataset.id, level) : [];
      const byArea = new Map<string, { name: string; values: Map<string, number> }>();
      for (const figure of figures) {
        const area = byArea.get(figure.areaCode) ?? { name: figure.areaName, values: new Map() };
        area.values.set(figure.category, figure.value);
        byArea.set(figure.areaCode, area);
      }
      const categories = classification.categories.map(({ code, label }) => ({ code, label }));
      const rows = [...byArea].map(([code, area]) => {
        const values = categories.map((category) => area.values.get(category.code) ?? 0);
        if (dataset.measure === 'percent')
          return {
            code,
            name: area.name,
            cells: values.map((value) => ({ value, hidden: null })),
            total: { value: null, hidden: null },
          };
        const table = publishTable([values], policy);
        return { code, name: area.name, cells: table.cells[0]!, total: table.grandTotal };
      });
      return { share, dataset, levels, level, categories, rows, policyId: policy.id };
    },
  };
}

export type DatasetSharingService = ReturnType<typeof createDatasetSharingService>;
