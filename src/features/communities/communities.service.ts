import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { disclosurePolicyOf, type DisclosurePolicy } from '../../stats/disclosure.ts';
import { classificationById } from './classifications.ts';
import type { Breakdown, LatestValue, MeasureChoice } from './community-measures.ts';
import type { AreaRow, CommunitiesRepo, DatasetRow } from './communities.repo.ts';
import { looksLikeAreaLookup } from './area-lookup.ts';
import {
  formatOf,
  readUntrustedCommunityFile,
  type DatasetFormat,
  type ReadOptions,
} from './community-files.ts';
import { checkDatasetFile, type CheckedTable } from './dataset-checks.ts';
import type { DatasetTable } from './dataset-table.ts';
import { ancestorsOf, authorityNamedIn } from './geography.ts';
import { buildProfile, nationalComparators, type Profile } from './profile.ts';
import { customRollUp, rollUp } from './roll-up.ts';

/** One table of a dataset file, as the preview shows it. */
export interface TablePreview {
  title: string;
  tableCode: string | null;
  classification: { id: string; title: string };
  level: string;
  measure: 'count' | 'percent';
  areaCount: number;
  /** A category the file leaves out and Equalis works out as the total less the others. */
  derivedCategory: string | null;
}

/** What checking a dataset file found: enough for the preview, and every problem with its line. */
export interface DatasetPreview {
  fileName: string;
  metadataFileName: string | null;
  format: DatasetFormat;
  tables: TablePreview[];
  date: string | null;
  population: string | null;
  level: string | null;
  areaCount: number;
  newAreas: number;
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

const ONS = {
  publisher: 'Office for National Statistics',
  licence: 'Open Government Licence v3.0',
  attribution: 'Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
  sourceAddress: 'https://www.ons.gov.uk/',
};

/**
 * Who published a file and under what licence, as far as the file says: a Nomis export names
 * its source, and ONS's own download layouts (custom datasets, bulk files, coded tables with
 * their metadata) are ONS's. Anything else is "not stated", never guessed.
 */
function provenanceOf(format: DatasetFormat, table: DatasetTable) {
  if (format === 'nomis' && table.source && /\bONS\b|Office for National Statistics/i.test(table.source))
    return {
      ...ONS,
      publisher: 'Office for National Statistics (via Nomis)',
      sourceAddress: 'https://www.nomisweb.co.uk/',
    };
  if (format === 'ons-custom' || format === 'ons-bulk' || format === 'coded-with-metadata') return ONS;
  const stated = table.source ?? 'Not stated in the file';
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

  async function readDatasetFile(fileName: string, text: string, options: ReadOptions) {
    const read = await readUntrustedCommunityFile(text, { ...options, fileName });
    if (read.kind === 'unreadable') throw new DatasetProblemsError([{ line: 0, message: read.message }]);
    if (read.kind !== 'dataset')
      throw new RuleError('file', 'communities.errors.unknownFormat', { fileName });
    return read;
  }

  async function readBoundaries(text: string) {
    const read = await readUntrustedCommunityFile(text);
    if (read.kind === 'unreadable')
      return { areas: [], shapes: [], problems: [{ where: 'the file', message: read.message }] };
    if (read.kind !== 'boundaries')
      return {
        areas: [],
        shapes: [],
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

  async function check(organisationId: string, fileName: string, text: string, options: ReadOptions) {
    // The file is read in a worker while the areas already held are read here.
    const [{ tables, format }, known] = await Promise.all([
      readDatasetFile(fileName, text, options),
      repo.allAreas(db, organisationId),
    ]);
    // Areas are added from the file itself; an organisation with none yet starts from its first file.
    const checked = checkDatasetFile(tables);
    const knownCodes = new Set(known.map((area) => area.code));
    const first = tables[0];
    const preview: DatasetPreview = {
      fileName,
      metadataFileName: options.metadata ? (options.metadataFileName ?? null) : null,
      format,
      tables: checked.tables.map((table) => ({
        title: titleOf(table, format),
        tableCode: table.table.tableCode,
        classification: { id: table.classification.id, title: table.classification.title },
        level: table.level,
        measure: table.measure,
        areaCount: new Set(table.figures.map((figure) => figure.areaCode)).size,
        derivedCategory: table.derivedCategory
          ? (table.classification.categories.find((c) => c.code === table.derivedCategory)?.label ?? null)
          : null,
      })),
      date: first?.date ?? null,
      population: first?.population ?? null,
      level: checked.tables[0]?.level ?? null,
      areaCount: checked.areas.length,
      newAreas: checked.areas.filter((area) => !knownCodes.has(area.code)).length,
      notes: checked.notes,
      problems: checked.problems,
    };
    return { format, checked, known, preview };
  }

  /**
   * Adds a file's areas that are new or renamed (a national file's are mostly known already, and
   * writing them again would be most of an import), links new small areas to their authority by
   * name, and gives every area's parent, without reading them all back.
   */
  async function addAreas(
    trx: Db,
    organisationId: string,
    known: AreaRow[],
    fileAreas: { code: string; name: string; level: AreaRow['level'] }[],
  ): Promise<Map<string, string | null>> {
    const byCode = new Map(known.map((area) => [area.code, area]));
    // A file that gives only codes (its "name" is the code) never renames an area already named.
    const changed = fileAreas
      .filter((area) => {
        const was = byCode.get(area.code);
        return !was || (area.name !== area.code && was.name !== area.name) || was.level !== area.level;
      })
      .map((area) => {
        const was = byCode.get(area.code);
        return was && area.name === area.code ? { ...area, name: was.name } : area;
      })
      .map((area) => ({ ...area, parentCode: byCode.get(area.code)?.parentCode ?? null }));
    for (const area of changed) byCode.set(area.code, area);
    const linked = changed.length ? linkByName([...byCode.values()]) : [];
    for (const area of linked) byCode.set(area.code, area);
    const written = new Map([...changed, ...linked].map((area) => [area.code, area]));
    await repo.upsertAreas(trx, organisationId, [...written.values()]);
    return new Map([...byCode.values()].map((area) => [area.code, area.parentCode]));
  }

  /** A dataset's roll-ups: to every area above its own, then to each custom area from its members. */
  function rollUpsOf(
    given: { areaCode: string; category: string; value: number }[],
    parentOf: ReadonlyMap<string, string | null>,
    members: ReadonlyMap<string, readonly string[]>,
  ) {
    const above = rollUp(given, parentOf);
    return [...above, ...customRollUp([...given, ...above], members).figures];
  }

  /** Every current dataset of counts rolled up again (after areas have moved, say), in the caller's transaction. */
  async function rebuildRollUps(trx: Db, organisationId: string): Promise<number> {
    const areas = await repo.allAreas(trx, organisationId);
    const parentOf = new Map(areas.map((area) => [area.code, area.parentCode]));
    const members = await repo.customMembers(trx, organisationId);
    const current = (await repo.datasets(trx, organisationId)).filter(
      (dataset) => dataset.supersededBy === null && dataset.measure === 'count',
    );
    for (const dataset of current) {
      const given = await repo.givenFigures(trx, organisationId, dataset.id);
      await repo.deleteRollUps(trx, organisationId, dataset.id);
      await repo.insertFigures(
        trx,
        organisationId,
        dataset.id,
        rollUpsOf(given, parentOf, members).map((figure) => ({ ...figure, rolledUp: true })),
      );
    }
    return current.length;
  }

  return {
    async areas(organisationId: string): Promise<AreaRow[]> {
      return repo.areas(db, organisationId);
    },

    /** Whether an area has an outline for maps (from a boundary file). */
    async hasOutline(organisationId: string, code: string): Promise<boolean> {
      return (await repo.shapesStamp(db, organisationId, [code])).count > 0;
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
        await repo.upsertShapes(trx, organisationId, file.shapes);
        await audit(trx, actor, {
          organisationId,
          action: 'areas.imported',
          entityType: 'areas',
          entityId: null,
          summary: `Imported ${file.areas.length} areas from ${fileName}, ${file.shapes.length} with outlines for maps${linked.length ? `; linked ${linked.length} to their local authority` : ''}`,
          after: { fileName, areas: file.areas.length, shapes: file.shapes.length, linked: linked.length },
        });
        return { areas: file.areas.length, shapes: file.shapes.length, linked: linked.length };
      });
    },

    /** Reads a dataset file and says what importing it would do, and every problem, without keeping anything. */
    async previewDataset(
      organisationId: string,
      fileName: string,
      text: string,
      options: ReadOptions = {},
    ): Promise<DatasetPreview> {
      return (await check(organisationId, fileName, text, options)).preview;
    },

    /**
     * Imports every table of a dataset file as a dataset of its own (a bulk file's broad and
     * detailed groups, a quiz file's topics), with its figures and their roll-ups, in one
     * transaction with one audit event; nothing is kept if anything is wrong.
     */
    async importDataset(
      actor: Actor,
      organisationId: string,
      fileName: string,
      text: string,
      claim?: Claim,
      options: ReadOptions = {},
    ): Promise<DatasetImport> {
      const { format, checked, known } = await check(organisationId, fileName, text, options);
      if (checked.problems.length || checked.tables.length === 0)
        throw new DatasetProblemsError(checked.problems);
      return db.transaction().execute(async (trx) => {
        if (claim && !(await claim(trx))) throw new RuleError('file', 'communities.errors.alreadyImported');
        const parentOf = await addAreas(trx, organisationId, known, checked.areas);
        const members = await repo.customMembers(trx, organisationId);
        const written: DatasetImport['datasets'] = [];
        const rolledUpAreas = new Set<string>();
        for (const table of checked.tables) {
          written.push(await writeTable(trx, table, parentOf, members, rolledUpAreas));
        }
        await audit(trx, actor, {
          organisationId,
          action: 'dataset.imported',
          entityType: 'dataset',
          entityId: written[0]!.datasetId,
          summary: `Imported ${written.map((one) => `“${one.title}” (version ${one.version})`).join(', ')} from ${fileName}: ${checked.areas.length} areas, rolled up to ${rolledUpAreas.size} more`,
          after: {
            fileName,
            format,
            datasets: written,
            areas: checked.areas.length,
            rolledUpAreas: rolledUpAreas.size,
          },
        });
        return { datasets: written, areas: checked.areas.length, rolledUpAreas: rolledUpAreas.size };
      });

      async function writeTable(
        trx: Db,
        table: CheckedTable,
        parentOf: Map<string, string | null>,
        members: Map<string, string[]>,
        rolledUpAreas: Set<string>,
      ) {
        // Percentages do not add up across areas: only counts are rolled up.
        const rolled = table.measure === 'count' ? rollUpsOf(table.figures, parentOf, members) : [];
        for (const figure of rolled) rolledUpAreas.add(figure.areaCode);
        const key = {
          tableCode: table.table.tableCode,
          classification: table.classification.id,
          geographyLevel: table.level,
        };
        const previous = await repo.currentRelease(trx, organisationId, key, [
          ...new Set(table.figures.map((figure) => figure.areaCode)),
        ]);
        const version = (previous?.version ?? 0) + 1;
        const title = titleOf(table, format);
        const datasetId = await repo.insertDataset(
          trx,
          organisationId,
          {
            ...provenanceOf(format, table.table),
            ...key,
            title,
            referenceDate: table.table.date,
            population: table.table.population,
            measure: table.measure,
            fileName,
            importedByLabel: actor.label,
          },
          version,
        );
        if (previous) await repo.supersede(trx, organisationId, previous.id, datasetId);
        await repo.insertFigures(trx, organisationId, datasetId, [
          ...table.figures.map((figure) => ({ ...figure, rolledUp: false })),
          ...rolled.map((figure) => ({ ...figure, rolledUp: true })),
        ]);
        return { datasetId, title, version, replaced: previous?.version ?? null };
      }
    },

    /** Checks an area lookup (child code → parent code, with names) without keeping anything. */
    async previewLookup(text: string) {
      const read = await readUntrustedCommunityFile(text);
      if (read.kind === 'unreadable')
        return { areas: [], levels: [], problems: [{ line: 0, message: read.message }] };
      if (read.kind !== 'lookup')
        return { areas: [], levels: [], problems: [{ line: 1, message: 'This is not an area lookup' }] };
      return read.file;
    },

    /**
     * Adds an area lookup's areas, with their names and parents, and rolls every current dataset
     * up again through the new links, in one transaction.
     */
    async importLookup(actor: Actor, organisationId: string, fileName: string, text: string, claim?: Claim) {
      const file = await this.previewLookup(text);
      if (file.problems.length) throw new DatasetProblemsError(file.problems);
      return db.transaction().execute(async (trx) => {
        if (claim && !(await claim(trx))) throw new RuleError('file', 'communities.errors.alreadyImported');
        await repo.upsertAreas(trx, organisationId, file.areas);
        const datasets = await rebuildRollUps(trx, organisationId);
        await audit(trx, actor, {
          organisationId,
          action: 'areas.lookup_imported',
          entityType: 'areas',
          entityId: null,
          summary: `Imported the lookup ${fileName}: ${file.areas.length} areas (${file.levels.join(', ')}); ${datasets} datasets rolled up again`,
          after: { fileName, areas: file.areas.length, levels: file.levels, datasetsRolledUp: datasets },
        });
        return { areas: file.areas.length, levels: file.levels, datasetsRolledUp: datasets };
      });
    },

    /** Keeps an uploaded file until the person has seen its preview and confirmed it. */
    async stageUpload(
      organisationId: string,
      fileName: string,
      content: Buffer,
      metadata?: { fileName: string; content: Buffer } | null,
    ): Promise<string> {
      return repo.insertUpload(db, organisationId, {
        fileName,
        content: textOf(content),
        metadata: metadata ? { fileName: metadata.fileName, content: textOf(metadata.content) } : null,
      });
    },

    async previewUpload(organisationId: string, uploadId: string): Promise<UploadPreview> {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const base = { uploadId, fileName: upload.fileName, imported: upload.importedAt !== null };
      const options = optionsOf(upload);
      if (!upload.metadata && isLookupFile(upload.content)) {
        const file = await this.previewLookup(upload.content);
        return {
          ...base,
          kind: 'lookup',
          areaCount: file.areas.length,
          levels: file.levels,
          problems: file.problems,
        };
      }
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
        dataset: await this.previewDataset(organisationId, upload.fileName, upload.content, options),
      };
    },

    /** Imports a staged upload, once: a second confirmation (another tab, a double click) is refused. */
    async importUpload(actor: Actor, organisationId: string, uploadId: string) {
      const upload = await repo.upload(db, organisationId, uploadId);
      if (!upload) throw new NotFoundError();
      const claim: Claim = (trx) => repo.markImported(trx, organisationId, uploadId, deps.now());
      if (!upload.metadata && isLookupFile(upload.content)) {
        const result = await this.importLookup(actor, organisationId, upload.fileName, upload.content, claim);
        return { kind: 'lookup' as const, ...result };
      }
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
      const result = await this.importDataset(
        actor,
        organisationId,
        upload.fileName,
        upload.content,
        claim,
        optionsOf(upload),
      );
      return { kind: 'dataset' as const, ...result };
    },

    /**
     * Makes a custom area from a list of the organisation's areas, all of one level (LSOAs for an
     * estate, wards for a partnership area), and works out its figures in every current dataset
     * of counts. It sits in the smallest area that holds all its members, for comparison.
     */
    async createCustomArea(
      actor: Actor,
      organisationId: string,
      input: { name: string; codes: string },
    ): Promise<{ code: string; members: number }> {
      const name = input.name.trim();
      if (!name) throw new RuleError('name', 'communities.custom.errors.nameRequired');
      if (name.length > 120) throw new RuleError('name', 'communities.custom.errors.nameTooLong');
      const codes = [
        ...new Set(
          input.codes
            .toUpperCase()
            .split(/[^A-Z0-9]+/)
            .filter(Boolean),
        ),
      ];
      if (codes.length === 0) throw new RuleError('codes', 'communities.custom.errors.codesRequired');
      return db.transaction().execute(async (trx) => {
        const areas = await repo.allAreas(trx, organisationId);
        const byCode = new Map(areas.map((area) => [area.code, area]));
        const unknown = codes.filter((code) => !byCode.has(code));
        if (unknown.length)
          throw new RuleError('codes', 'communities.custom.errors.unknownCodes', {
            count: unknown.length,
            codes: unknown.slice(0, 5).join(', '),
          });
        const levels = new Set(codes.map((code) => byCode.get(code)!.level));
        if (levels.has('custom')) throw new RuleError('codes', 'communities.custom.errors.noCustomMembers');
        if (levels.size > 1)
          throw new RuleError('codes', 'communities.custom.errors.oneLevel', {
            levels: [...levels].join(', '),
          });
        const parentOf = new Map(areas.map((area) => [area.code, area.parentCode]));
        const lines = codes.map((code) => ancestorsOf(code, parentOf));
        const shared = lines[0]!.find((ancestor) => lines.every((line) => line.includes(ancestor))) ?? null;
        const taken = new Set(areas.filter((area) => area.level === 'custom').map((area) => area.code));
        let number = taken.size + 1;
        while (taken.has(customCode(number))) number += 1;
        const code = customCode(number);
        await repo.upsertAreas(trx, organisationId, [{ code, name, level: 'custom', parentCode: shared }]);
        await repo.addCustomMembers(trx, organisationId, code, codes);
        const current = (await repo.datasets(trx, organisationId)).filter(
          (dataset) => dataset.supersededBy === null && dataset.measure === 'count',
        );
        for (const dataset of current) {
          const figures = await repo.figuresOfAreas(trx, organisationId, dataset.id, codes);
          const summed = customRollUp(figures, new Map([[code, codes]])).figures;
          await repo.insertFigures(
            trx,
            organisationId,
            dataset.id,
            summed.map((f) => ({ ...f, rolledUp: true })),
          );
        }
        await audit(trx, actor, {
          organisationId,
          action: 'area.custom_created',
          entityType: 'area',
          entityId: null,
          summary: `Made the custom area “${name}” (${code}) from ${codes.length} areas`,
          after: { code, name, members: codes, within: shared },
        });
        return { code, members: codes.length };
      });
    },

    async customMembers(organisationId: string, code: string): Promise<AreaRow[]> {
      const members = (await repo.customMembers(db, organisationId)).get(code) ?? [];
      return repo.areasNamed(db, organisationId, members);
    },

    // CommunityMeasures (community-measures.ts): what objectives and later features may ask.
    async measureChoices(organisationId: string): Promise<MeasureChoice[]> {
      const current = (await repo.datasets(db, organisationId)).filter(
        (dataset) => dataset.supersededBy === null,
      );
      const ids = [...new Set(current.map((dataset) => dataset.classification))];
      return ids.flatMap((id) => {
        const classification = classificationById(id);
        return classification
          ? [
              {
                classification: id,
                classificationTitle: classification.title,
                categories: classification.categories.map(({ code, label }) => ({ code, label })),
              },
            ]
          : [];
      });
    },

    /** Changes whenever the organisation's datasets, areas or disclosure policy do. */
    async dataStamp(organisationId: string): Promise<string> {
      return repo.dataStamp(db, organisationId);
    },

    async areaChoices(organisationId: string) {
      const followable = new Set(['lad', 'ward', 'region', 'country', 'nation', 'custom']);
      return (await repo.areas(db, organisationId)).filter((area) => followable.has(area.level));
    },

    async breakdowns(
      organisationId: string,
      areaCode: string,
      classifications: readonly string[],
    ): Promise<Map<string, Breakdown | null>> {
      const found = new Map<string, Breakdown | null>(classifications.map((id) => [id, null]));
      const area = await repo.area(db, organisationId, areaCode);
      if (!area) return found;
      const profile = await this.profile(organisationId, areaCode);
      for (const id of classifications) {
        const sections = profile.sections.filter((section) => section.classification.id === id);
        const section = sections.find((one) => one.measure === 'count') ?? sections[0];
        if (section)
          found.set(id, {
            areaName: area.name,
            datasetTitle: section.dataset.title,
            referenceDate: section.dataset.referenceDate,
            categories: section.rows.map((row) => ({ code: row.code, label: row.label, share: row.share })),
          });
      }
      return found;
    },

    /** A measure's share in an area, from the newest current dataset that has it (counts before percentages). */
    async latestValue(
      organisationId: string,
      measure: { areaCode: string; classification: string; category: string },
    ): Promise<LatestValue | null> {
      const area = await repo.area(db, organisationId, measure.areaCode);
      if (!area) return null;
      const profile = await this.profile(organisationId, measure.areaCode);
      const sections = profile.sections.filter(
        (section) => section.classification.id === measure.classification,
      );
      const section = sections.find((one) => one.measure === 'count') ?? sections[0];
      const row = section?.rows.find((one) => one.code === measure.category);
      if (!section || !row) return null;
      return {
        share: row.share,
        datasetTitle: section.dataset.title,
        datasetVersion: section.dataset.version,
        referenceDate: section.dataset.referenceDate,
        areaName: area.name,
        categoryLabel: row.label,
      };
    },

    async dataset(organisationId: string, id: string): Promise<DatasetRow> {
      const dataset = await repo.dataset(db, organisationId, id);
      if (!dataset) throw new NotFoundError();
      return dataset;
    },

    async datasets(organisationId: string): Promise<DatasetRow[]> {
      return repo.datasets(db, organisationId);
    },

    async disclosurePolicy(organisationId: string): Promise<DisclosurePolicy> {
      const id = await repo.disclosurePolicy(db, organisationId);
      return disclosurePolicyOf(id);
    },

    /** An area's profile: each current dataset's breakdown there, beside the area it sits in. */
    async profile(organisationId: string, code: string): Promise<Profile> {
      const { area, ancestors, children } = await repo.neighbourhood(db, organisationId, code);
      if (!area) throw new NotFoundError();
      const national = nationalComparators(code);
      const [datasets, figures, policy, nationalAreas] = await Promise.all([
        repo.datasets(db, organisationId),
        repo.figuresFor(db, organisationId, [code, ...ancestors.map((one) => one.code), ...national]),
        this.disclosurePolicy(organisationId),
        repo.areasNamed(db, organisationId, national),
      ]);
      return buildProfile({
        area,
        ancestors,
        children,
        datasets: datasets.filter((dataset) => dataset.supersededBy === null),
        figures,
        policy,
        classificationOf: (id) => classificationById(id),
        nameOf: (one) => nationalAreas.find((area) => area.code === one)?.name,
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
      kind: 'lookup';
      areaCount: number;
      levels: string[];
      problems: { line: number; message: string }[];
    }
  | {
      uploadId: string;
      fileName: string;
      imported: boolean;
      kind: 'boundaries';
      areaCount: number;
      levels: string[];
      problems: { line: number; message: string }[];
    };

/** Custom areas get codes no GSS code can be ("C" and eight digits), numbered per organisation. */
function customCode(number: number): string {
  return `C${String(number).padStart(8, '0')}`;
}

function isBoundaryFile(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** A lookup, not a dataset: told apart by the same rules the worker uses. */
function isLookupFile(text: string): boolean {
  return formatOf(text) === null && looksLikeAreaLookup(text);
}

function textOf(content: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(content).replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new RuleError('file', 'communities.errors.notText');
  return text;
}

function optionsOf(upload: { metadata: string | null; metadataFileName: string | null }): ReadOptions {
  return upload.metadata
    ? { metadata: upload.metadata, metadataFileName: upload.metadataFileName ?? undefined }
    : {};
}

/** A table's title as Equalis shows it: the file's, or its classification's, with its census date. */
function titleOf(table: CheckedTable, format: DatasetFormat): string {
  // Wide files and JSON name topics in analysts' shorthand ("HH disabled"): the classification says it better.
  const shorthand = format === 'percentages' || format === 'numerator-json';
  const title = (shorthand ? null : table.table.tableTitle) ?? table.classification.title;
  return table.table.date && !title.includes(table.table.date)
    ? `${title}, Census ${table.table.date}`
    : title;
}

export interface DatasetImport {
  datasets: { datasetId: string; title: string; version: number; replaced: number | null }[];
  areas: number;
  rolledUpAreas: number;
}

export type CommunitiesService = ReturnType<typeof createCommunitiesService>;
