import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { DISCLOSURE_PRESETS, isDisclosurePresetId, type DisclosurePolicy } from '../../stats/disclosure.ts';
import { classificationById } from './classifications.ts';
import type { AreaRow, CommunitiesRepo, DatasetRow } from './communities.repo.ts';
import { checkNomisDataset } from './dataset-checks.ts';
import { authorityNamedIn } from './geography.ts';
import { readUntrustedCommunityFile } from './community-files.ts';
import type { NomisExport } from './nomis-export.ts';
import { buildProfile, type Profile } from './profile.ts';
import { rollUp } from './roll-up.ts';

/** What checking a dataset file found: enough for the preview, and every problem with its line. */
export interface DatasetPreview {
  fileName: string;
  format: 'Nomis web-query export' | 'ONS custom dataset';
  title: string;
  tableCode: string | null;
  date: string | null;
  population: string | null;
  classification: { id: string; title: string } | null;
  level: string | null;
  areaCount: number;
  newAreas: number;
  categories: string[];
  notes: string[];
  problems: { line: number; message: string }[];
}

/** A file that cannot be imported as it is: every problem, so the person can put them all right. */
export class DatasetProblemsError extends RuleError {
  constructor(public readonly problems: { line: number; message: string }[]) {
    super('file', 'communities.errors.fileHasProblems', { count: problems.length });
    this.name = 'DatasetProblemsError';
  }
}

const ONS_VIA_NOMIS = {
  publisher: 'Office for National Statistics (via Nomis)',
  licence: 'Open Government Licence v3.0',
  attribution: 'Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
  sourceAddress: 'https://www.nomisweb.co.uk/',
};

/** Who published a file and under what licence, as far as the file itself says: ONS's own exports say so. */
function provenanceOf(file: NomisExport) {
  if (file.source && /\bONS\b|Office for National Statistics/i.test(file.source)) return ONS_VIA_NOMIS;
  const stated = file.source ?? 'Not stated in the file';
  return { publisher: stated, licence: 'Not stated in the file', attribution: stated, sourceAddress: null };
}

/**
 * Areas, datasets and profiles. Imports check the whole file first and keep nothing unless all
 * of it is right; then the areas, the dataset, its figures and their roll-ups are written in one
 * transaction, with one audit event. A newer release of the same table supersedes the older,
 * which is kept.
 */
export function createCommunitiesService(deps: {
  db: Db;
  repo: CommunitiesRepo;
  audit: RecordAudit;
  now: () => Date;
}) {
  const { db, repo, audit } = deps;

  async function readDatasetFile(fileName: string, text: string) {
    const read = await readUntrustedCommunityFile(text);
    if (read.kind === 'unreadable') throw new DatasetProblemsError([{ line: 0, message: read.message }]);
    if (read.kind !== 'dataset')
      throw new RuleError('file', 'communities.errors.unknownFormat', { fileName });
    return read;
  }

  async function readBoundaries(text: string) {
    const read = await readUntrustedCommunityFile(text);
    if (read.kind === 'unreadable')
      return { areas: [], problems: [{ where: 'the file', message: read.message }] };
    if (read.kind !== 'boundaries')
      return {
        areas: [],
        problems: [{ where: 'the file', message: 'This is not a boundary file (GeoJSON or TopoJSON)' }],
      };
    return read.file;
  }

  /** Small areas with no parent yet get the local authority their name carries, when it is one of ours. */
  function linkByName(areas: AreaRow[]): AreaRow[] {
    const authorities = new Map(
      areas.filter((area) => area.level === 'lad').map((area) => [area.name.toLowerCase(), area.code]),
    );
    return areas.flatMap((area) => {
      if (area.parentCode || (area.level !== 'lsoa' && area.level !== 'msoa')) return [];
      const named = authorityNamedIn(area.name);
      const parent = named ? authorities.get(named.toLowerCase()) : undefined;
      return parent ? [{ ...area, parentCode: parent }] : [];
    });
  }

  async function check(organisationId: string, fileName: string, text: string) {
    const { file, format } = await readDatasetFile(fileName, text);
    const known = await repo.areas(db, organisationId);
    // Areas are added from the file itself; an organisation with none yet starts from its first file.
    const checked = checkNomisDataset(file);
    const knownCodes = new Set(known.map((area) => area.code));
    const preview: DatasetPreview = {
      fileName,
      format,
      title: titleOf(file),
      tableCode: file.tableCode,
      date: file.date,
      population: file.population,
      classification: checked.classification
        ? { id: checked.classification.id, title: checked.classification.title }
        : null,
      level: checked.level,
      areaCount: checked.areas.length,
      newAreas: checked.areas.filter((area) => !knownCodes.has(area.code)).length,
      categories: file.categories,
      notes: file.notes,
      problems: checked.problems,
    };
    return { file, checked, known, preview };
  }

  return {
    async areas(organisationId: string): Promise<AreaRow[]> {
      return repo.areas(db, organisationId);
    },

    /** Adds (or renames) the areas a boundary file describes, and links small areas to their authority by name. */
    async importBoundaries(
      actor: Actor,
      organisationId: string,
      fileName: string,
      text: string,
      claim?: Claim,
    ) {
      const file = await readBoundaries(text);
      if (file.problems.length)
        throw new DatasetProblemsError(
          file.problems.map((problem) => ({ line: 0, message: `${problem.where}: ${problem.message}` })),
        );
      return db.transaction().execute(async (trx) => {
        if (claim && !(await claim(trx))) throw new RuleError('file', 'communities.errors.alreadyImported');
        await repo.upsertAreas(
          trx,
          organisationId,
          file.areas.map((area) => ({ ...area, parentCode: null })),
        );
        const linked = linkByName(await repo.areas(trx, organisationId));
        await repo.upsertAreas(trx, organisationId, linked);
        await audit(trx, actor, {
          organisationId,
          action: 'areas.imported',
          entityType: 'areas',
          entityId: null,
          summary: `Imported ${file.areas.length} areas from ${fileName}${linked.length ? `; linked ${linked.length} to their local authority` : ''}`,
          after: { fileName, areas: file.areas.length, linked: linked.length },
        });
        return { areas: file.areas.length, linked: linked.length };
      });
    },

    /** Reads a dataset file and says what importing it would do, and every problem, without keeping anything. */
    async previewDataset(organisationId: string, fileName: string, text: string): Promise<DatasetPreview> {
      return (await check(organisationId, fileName, text)).preview;
    },

    async importDataset(actor: Actor, organisationId: string, fileName: string, text: string, claim?: Claim) {
      const { file, checked, known, preview } = await check(organisationId, fileName, text);
      if (checked.problems.length || !checked.classification || !checked.level)
        throw new DatasetProblemsError(checked.problems);
      return db.transaction().execute(async (trx) => {
        if (claim && !(await claim(trx))) throw new RuleError('file', 'communities.errors.alreadyImported');
        const knownByCode = new Map(known.map((area) => [area.code, area]));
        await repo.upsertAreas(
          trx,
          organisationId,
          checked.areas.map((area) => ({
            ...area,
            parentCode: knownByCode.get(area.code)?.parentCode ?? null,
          })),
        );
        await repo.upsertAreas(trx, organisationId, linkByName(await repo.areas(trx, organisationId)));
        const areas = await repo.areas(trx, organisationId);
        const parentOf = new Map(areas.map((area) => [area.code, area.parentCode]));
        const rolled = rollUp(checked.figures, parentOf);
        const key = {
          tableCode: file.tableCode,
          classification: checked.classification!.id,
          geographyLevel: checked.level!,
        };
        const previous = await repo.currentRelease(trx, organisationId, key);
        const datasetId = await repo.insertDataset(
          trx,
          organisationId,
          {
            ...provenanceOf(file),
            ...key,
            title: preview.title,
            referenceDate: file.date,
            population: file.population,
            fileName,
            importedByLabel: actor.label,
          },
          (previous?.version ?? 0) + 1,
        );
        if (previous) await repo.supersede(trx, organisationId, previous.id, datasetId);
        await repo.insertFigures(trx, organisationId, datasetId, [
          ...checked.figures.map((figure) => ({ ...figure, rolledUp: false })),
          ...rolled.map((figure) => ({ ...figure, rolledUp: true })),
        ]);
        await audit(trx, actor, {
          organisationId,
          action: 'dataset.imported',
          entityType: 'dataset',
          entityId: datasetId,
          summary: `Imported “${preview.title}” from ${fileName}: ${checked.areas.length} areas, rolled up to ${new Set(rolled.map((f) => f.areaCode)).size} more${previous ? ` (replacing version ${previous.version})` : ''}`,
          after: {
            fileName,
            figures: checked.figures.length,
            rolledUp: rolled.length,
            version: (previous?.version ?? 0) + 1,
          },
        });
        return {
          datasetId,
          version: (previous?.version ?? 0) + 1,
          areas: checked.areas.length,
          rolledUpAreas: new Set(rolled.map((figure) => figure.areaCode)).size,
        };
      });
    },

    /** Keeps an uploaded file until the person has seen its preview and confirmed it. */
    async stageUpload(organisationId: string, fileName: string, content: Buffer): Promise<string> {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(content).replace(/^\uFEFF/, '');
      if (text.includes('\u0000')) throw new RuleError('file', 'communities.errors.notText');
      return repo.insertUpload(db, organisationId, fileName, text);
    },

    async previewUpload(organisationId: string, uploadId: string): Promise<UploadPreview> {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const base = { uploadId, fileName: upload.fileName, imported: upload.importedAt !== null };
      if (isBoundaryFile(upload.content)) {
        const file = await readBoundaries(upload.content);
        const levels = [...new Set(file.areas.map((area) => area.level))];
        return {
          ...base,
          kind: 'boundaries',
          areaCount: file.areas.length,
          levels,
          problems: file.problems.map((p) => ({ line: 0, message: `${p.where}: ${p.message}` })),
        };
      }
      return {
        ...base,
        kind: 'dataset',
        dataset: await this.previewDataset(organisationId, upload.fileName, upload.content),
      };
    },

    /** Imports a staged upload, once: a second confirmation (another tab, a double click) is refused. */
    async importUpload(actor: Actor, organisationId: string, uploadId: string) {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const claim: Claim = (trx) => repo.markImported(trx, organisationId, uploadId, deps.now());
      if (isBoundaryFile(upload.content)) {
        const result = await this.importBoundaries(
          actor,
          organisationId,
          upload.fileName,
          upload.content,
          claim,
        );
        return { kind: 'boundaries' as const, ...result };
      }
      const result = await this.importDataset(actor, organisationId, upload.fileName, upload.content, claim);
      return { kind: 'dataset' as const, ...result };
    },

    async datasets(organisationId: string): Promise<DatasetRow[]> {
      return repo.datasets(db, organisationId);
    },

    async disclosurePolicy(organisationId: string): Promise<DisclosurePolicy> {
      const id = await repo.disclosurePolicy(db, organisationId);
      return isDisclosurePresetId(id) ? DISCLOSURE_PRESETS[id] : DISCLOSURE_PRESETS['suppress-1-7-round-5'];
    },

    /** An area's profile: each current dataset's breakdown there, beside the area it sits in. */
    async profile(organisationId: string, code: string): Promise<Profile> {
      const { area, ancestors, children } = await repo.neighbourhood(db, organisationId, code);
      if (!area) throw new NotFoundError();
      const [datasets, figures, policy] = await Promise.all([
        repo.datasets(db, organisationId),
        repo.figuresFor(db, organisationId, [code, ...ancestors.map((one) => one.code)]),
        this.disclosurePolicy(organisationId),
      ]);
      return buildProfile({
        area,
        ancestors,
        children,
        datasets: datasets.filter((dataset) => dataset.supersededBy === null),
        figures,
        policy,
        classificationOf: (id) => classificationById(id),
      });
    },
  };
}

/** Runs inside the import's transaction and says whether this import may go ahead (it claims the upload). */
type Claim = (trx: Db) => Promise<boolean>;

export type UploadPreview =
  | { uploadId: string; fileName: string; imported: boolean; kind: 'dataset'; dataset: DatasetPreview }
  | {
      uploadId: string;
      fileName: string;
      imported: boolean;
      kind: 'boundaries';
      areaCount: number;
      levels: string[];
      problems: { line: number; message: string }[];
    };

function isBoundaryFile(text: string): boolean {
  return /^\s*\{/.test(text);
}

function titleOf(file: NomisExport): string {
  const title = file.tableTitle ?? 'Census table';
  return file.date ? `${title}, Census ${file.date}` : title;
}

export type CommunitiesService = ReturnType<typeof createCommunitiesService>;
