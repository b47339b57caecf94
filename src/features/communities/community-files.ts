import { runIsolated } from '../../infra/untrusted-files/isolated.ts';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import { readBoundaryFile, type BoundaryFile } from './boundaries.ts';
import { looksLikeNomisExport, readNomisExport, type NomisExport } from './nomis-export.ts';
import { looksLikeOnsLongFormat, readOnsLongFormat } from './ons-long-format.ts';

/** What a community data file turned out to be, once read. */
export type CommunityFile =
  | { kind: 'dataset'; format: 'Nomis web-query export' | 'ONS custom dataset'; file: NomisExport }
  | { kind: 'boundaries'; file: BoundaryFile }
  | { kind: 'unknown' }
  | { kind: 'unreadable'; message: string };

/** Tells the layouts apart by their shape and reads the file (pure, so a worker can run it). */
export function readCommunityFile(text: string): CommunityFile {
  if (/^\s*[{[]/.test(text)) return { kind: 'boundaries', file: readBoundaryFile(text) };
  if (looksLikeOnsLongFormat(text))
    return { kind: 'dataset', format: 'ONS custom dataset', file: readOnsLongFormat(text) };
  if (looksLikeNomisExport(text) || /^\s*"?[A-Z]\d{8} : /m.test(text))
    return { kind: 'dataset', format: 'Nomis web-query export', file: readNomisExport(text) };
  return { kind: 'unknown' };
}

/**
 * Reads a file someone sent off the main thread, within the worker pool's time and memory
 * limits (infra/untrusted-files), as every importer does: a huge or pathological file costs a
 * worker, not everyone's requests.
 */
export async function readUntrustedCommunityFile(text: string): Promise<CommunityFile> {
  try {
    return await runIsolated<CommunityFile>(new URL(import.meta.url), 'readCommunityFile', [text]);
  } catch (error) {
    if (error instanceof UnreadableFileError) return { kind: 'unreadable', message: error.message };
    throw error;
  }
}
