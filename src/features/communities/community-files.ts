import { readIsolated } from '../../infra/untrusted-files/isolated.ts';
import { readAreaLookup, looksLikeAreaLookup, type AreaLookup } from './area-lookup.ts';
import { readBoundaryFile, type BoundaryFile } from './boundaries.ts';
import type { DatasetTable } from './dataset-table.ts';
import { looksLikeNomisExport, readNomisExport } from './nomis-export.ts';
import { looksLikeNumeratorJson, readNumeratorJson } from './numerator-json.ts';
import { looksLikeOnsBulkCsv, readOnsBulkCsv } from './ons-bulk-csv.ts';
import { looksLikeOnsLongFormat, readOnsLongFormat } from './ons-long-format.ts';
import { looksLikeWidePercentages, readWidePercentages } from './wide-percentages.ts';

/** The layouts of dataset file Equalis reads (their names are worded in communities.formats). */
export const DATASET_FORMATS = [
  'nomis',
  'ons-custom',
  'ons-bulk',
  'coded-with-metadata',
  'percentages',
  'numerator-json',
] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** What a community data file turned out to be, once read. */
export type CommunityFile =
  | { kind: 'dataset'; format: DatasetFormat; tables: DatasetTable[] }
  | { kind: 'boundaries'; file: BoundaryFile }
  | { kind: 'lookup'; file: AreaLookup }
  | { kind: 'unknown' }
  | { kind: 'unreadable'; message: string };

export interface ReadOptions {
  fileName?: string;
  /** The table naming a file's coded column headings (the TS008 metadata file). */
  metadata?: string;
  metadataFileName?: string;
  /** The layout, when the person says which (the CLI's --format); otherwise told from the file. */
  format?: DatasetFormat;
}

function readAs(format: DatasetFormat, text: string, options: ReadOptions): DatasetTable[] {
  switch (format) {
    case 'nomis':
      return [readNomisExport(text)];
    case 'ons-custom':
      return readOnsLongFormat(text);
    case 'ons-bulk':
    case 'coded-with-metadata':
      return readOnsBulkCsv(text, options);
    case 'percentages':
      return readWidePercentages(text);
    case 'numerator-json':
      return readNumeratorJson(text);
  }
}

/** The layout a file is in, told apart by its shape, or null. */
export function formatOf(text: string, options: ReadOptions = {}): DatasetFormat | null {
  if (options.metadata) return 'coded-with-metadata';
  if (looksLikeNumeratorJson(text)) return 'numerator-json';
  if (looksLikeOnsLongFormat(text)) return 'ons-custom';
  if (looksLikeNomisExport(text) || /^\s*"?[A-Z]\d{8} : /m.test(text)) return 'nomis';
  if (looksLikeOnsBulkCsv(text)) return 'ons-bulk';
  if (looksLikeWidePercentages(text)) return 'percentages';
  return null;
}

/** Reads a file (pure, so a worker can run it): a dataset, boundaries, an area lookup, or unknown. */
export function readCommunityFile(text: string, options: ReadOptions = {}): CommunityFile {
  if (/^\s*\{/.test(text) || (/^\s*\[/.test(text) && !looksLikeNumeratorJson(text)))
    return { kind: 'boundaries', file: readBoundaryFile(text) };
  const format = options.format ?? formatOf(text, options);
  if (format) return { kind: 'dataset', format, tables: readAs(format, text, options) };
  if (looksLikeAreaLookup(text)) return { kind: 'lookup', file: readAreaLookup(text) };
  if (/^\s*\[/.test(text))
    return { kind: 'dataset', format: 'numerator-json', tables: readNumeratorJson(text) };
  return { kind: 'unknown' };
}

/**
 * Reads a file someone sent off the main thread, within the worker pool's time and memory
 * limits (infra/untrusted-files), as every importer does: a huge or pathological file costs a
 * worker, not everyone's requests.
 */
export function readUntrustedCommunityFile(text: string, options: ReadOptions = {}): Promise<CommunityFile> {
  return readIsolated<CommunityFile>(
    new URL(import.meta.url),
    'readCommunityFile',
    [text, options],
    (message) => ({
      kind: 'unreadable',
      message,
    }),
  );
}
