import type { Db } from '../../db/connect.ts';
import { readIsolated } from '../../infra/untrusted-files/isolated.ts';
import { csvText } from '../../platform/csv.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import {
  diversityRow,
  EXPORT_COLUMNS,
  readDiversityFile,
  type PublishedDiversity,
} from './open-innovations.ts';
import { disclosurePolicyOf } from '../../stats/disclosure.ts';
import type { Breakdown, CommunityMeasures } from '../communities/community-measures.ts';
import type { PayrollRepo } from './payroll.repo.ts';
import { buildWorkforceProfile, CHARACTERISTICS, type CharacteristicId } from './workforce-profile.ts';

/**
 * A payroll snapshot's workforce profile against an area's population (an authority or a custom
 * area the organisation holds census data for), reached through CommunityMeasures only.
 */
export function createWorkforceProfileService(deps: {
  db: Db;
  repo: PayrollRepo;
  measures: CommunityMeasures;
}) {
  const { db, repo, measures } = deps;
  return {
    /** The snapshot in the Open Innovations layout (counts under the policy), as CSV text. */
    async openInnovationsCsv(
      organisationId: string,
      snapshotId: string,
      organisation: string,
    ): Promise<string> {
      const snapshot = await repo.snapshot(db, organisationId, snapshotId);
      if (!snapshot) throw new NotFoundError();
      const [rows, policyId] = await Promise.all([
        repo.rows(db, organisationId, snapshotId),
        repo.disclosurePolicy(db, organisationId),
      ]);
      const policy = disclosurePolicyOf(policyId);
      const row = diversityRow(rows, { organisation, published: snapshot.snapshotDate }, policy);
      return csvText([EXPORT_COLUMNS.map((column) => row[column])], { header: [...EXPORT_COLUMNS] });
    },

    /** Our snapshot beside every organisation in an Open Innovations file (its latest row each). */
    async compare(organisationId: string, snapshotId: string, organisation: string, text: string) {
      const theirs = await readIsolated<ReturnType<typeof readDiversityFile>>(
        new URL('./open-innovations.ts', import.meta.url),
        'readDiversityFile',
        [text],
        (message) => ({ rows: [], problems: [{ line: 0, message }] }),
      );
      if (theirs.problems.length) throw new RuleError('file', 'workforce.compare.errors.notStandard');
      const ours = readDiversityFile(await this.openInnovationsCsv(organisationId, snapshotId, organisation))
        .rows[0]!;
      const latest = new Map<string, PublishedDiversity>();
      for (const row of theirs.rows) {
        const held = latest.get(row.organisation);
        if (!held || row.published > held.published) latest.set(row.organisation, row);
      }
      return {
        ours,
        theirs: [...latest.values()].sort((a, b) => a.organisation.localeCompare(b.organisation)),
      };
    },

    /** The snapshot, and a stamp that changes with anything its profile is worked out from. */
    async snapshotWithStamp(organisationId: string, snapshotId: string) {
      const [snapshot, stamp] = await Promise.all([
        repo.snapshot(db, organisationId, snapshotId),
        measures.dataStamp(organisationId),
      ]);
      if (!snapshot) throw new NotFoundError();
      return { snapshot, stamp };
    },

    async profile(organisationId: string, snapshotId: string, wantedArea?: string, organisationName = '') {
      const snapshot = await repo.snapshot(db, organisationId, snapshotId);
      if (!snapshot) throw new NotFoundError();
      const [rows, policyId, areas] = await Promise.all([
        repo.rows(db, organisationId, snapshotId),
        repo.disclosurePolicy(db, organisationId),
        measures.areaChoices(organisationId),
      ]);
      const choices = areas.filter((area) => area.level === 'lad' || area.level === 'custom');
      // By default the area the organisation is named after ("Adur District Council" → Adur).
      const named = choices.find((one) => organisationName.toLowerCase().includes(one.name.toLowerCase()));
      const area = choices.find((one) => one.code === wantedArea) ?? named ?? choices[0] ?? null;
      const found = area
        ? await measures.breakdowns(
            organisationId,
            area.code,
            CHARACTERISTICS.map((one) => one.classification),
          )
        : new Map<string, Breakdown | null>();
      const population: Partial<Record<CharacteristicId, Breakdown | null>> = {};
      for (const { id, classification } of CHARACTERISTICS)
        population[id] = found.get(classification) ?? null;
      const policy = disclosurePolicyOf(policyId);
      return {
        snapshot,
        areas: choices,
        area,
        policy,
        characteristics: buildWorkforceProfile({ rows, population, policy }),
      };
    },
  };
}

export type WorkforceProfileService = ReturnType<typeof createWorkforceProfileService>;
