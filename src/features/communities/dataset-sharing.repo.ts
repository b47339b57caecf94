import type { Db } from '../../db/connect.ts';

export interface ShareRow {
  id: string;
  datasetId: string;
  datasetTitle: string;
  ownerId: string;
  ownerName: string;
  partnerId: string;
  partnerName: string;
  purpose: string;
  sharedAt: Date;
  sharedByLabel: string;
  revokedAt: Date | null;
  revokedByLabel: string | null;
}

function shares(db: Db) {
  return db
    .selectFrom('dataset_shares as s')
    .innerJoin('datasets as d', 'd.id', 's.dataset_id')
    .innerJoin('organisations as owner', 'owner.id', 's.organisation_id')
    .innerJoin('organisations as partner', 'partner.id', 's.partner_organisation_id')
    .select([
      's.id',
      's.dataset_id as datasetId',
      'd.title as datasetTitle',
      's.organisation_id as ownerId',
      'owner.name as ownerName',
      's.partner_organisation_id as partnerId',
      'partner.name as partnerName',
      's.purpose',
      's.shared_at as sharedAt',
      's.shared_by_label as sharedByLabel',
      's.revoked_at as revokedAt',
      's.revoked_by_label as revokedByLabel',
    ]);
}

/**
 * Shares of a dataset's aggregates between organisations. Every query names the organisation
 * asking and its side of the share: the owner sees its shares, the partner only live ones made
 * to it.
 */
export function createDatasetSharingRepo() {
  return {
    /** Another organisation on this service, found by its short name (the one in its public address). */
    async organisationBySlug(db: Db, slug: string): Promise<{ id: string; name: string } | undefined> {
      return db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('slug', '=', slug)
        .executeTakeFirst();
    },

    async insert(
      db: Db,
      share: {
        ownerId: string;
        datasetId: string;
        partnerId: string;
        purpose: string;
        sharedByLabel: string;
      },
    ): Promise<string | null> {
      const row = await db
        .insertInto('dataset_shares')
        .values({
          organisation_id: share.ownerId,
          dataset_id: share.datasetId,
          partner_organisation_id: share.partnerId,
          purpose: share.purpose,
          shared_by_label: share.sharedByLabel,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['dataset_id', 'partner_organisation_id'])
            .where('revoked_at', 'is', null)
            .doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async ofDataset(db: Db, ownerId: string, datasetId: string): Promise<ShareRow[]> {
      return shares(db)
        .where('s.organisation_id', '=', ownerId)
        .where('s.dataset_id', '=', datasetId)
        .orderBy('s.shared_at', 'desc')
        .execute();
    },

    async withPartner(db: Db, partnerId: string): Promise<ShareRow[]> {
      return shares(db)
        .where('s.partner_organisation_id', '=', partnerId)
        .where('s.revoked_at', 'is', null)
        .orderBy('s.shared_at', 'desc')
        .execute();
    },

    async liveForPartner(db: Db, partnerId: string, shareId: string): Promise<ShareRow | undefined> {
      return shares(db)
        .where('s.partner_organisation_id', '=', partnerId)
        .where('s.id', '=', shareId)
        .where('s.revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async revoke(
      db: Db,
      ownerId: string,
      shareId: string,
      label: string,
      at: Date,
    ): Promise<ShareRow | undefined> {
      const done = await db
        .updateTable('dataset_shares')
        .set({ revoked_at: at, revoked_by_label: label })
        .where('organisation_id', '=', ownerId)
        .where('id', '=', shareId)
        .where('revoked_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!done) return undefined;
      return shares(db).where('s.id', '=', shareId).executeTakeFirst();
    },
  };
}

export type DatasetSharingRepo = ReturnType<typeof createDatasetSharingRepo>;
