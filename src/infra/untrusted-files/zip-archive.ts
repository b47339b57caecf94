import zlib from 'node:zlib';
import { TOO_COMPLEX, UnreadableFileError } from './unreadable-file-error.ts';

/**
 * Word, Excel, PowerPoint and OpenDocument files are zip archives. Before any library opens one,
 * Equalis reads the archive's own directory and inflates every entry against a budget, so that a
 * small file that would inflate to gigabytes (a "zip bomb") is refused before anything large is
 * allocated, and a few bytes that merely look like a zip are recognised as not being one.
 *
 * Pure apart from zlib; tested in zip-archive.test.ts and by the import fuzz suite.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** What the archive claims; never trusted for budgets (checkZipArchive measures). */
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

export interface ZipLimits {
  /** Most entries an archive may have. */
  maxEntries: number;
  /** Most bytes all entries may inflate to, together. */
  maxTotalBytes: number;
}

/** Generous for real council documents (a 40-page plan is a few MB of XML), far below a bomb. */
export const OFFICE_LIMITS: ZipLimits = { maxEntries: 2_000, maxTotalBytes: 64 * 1024 * 1024 };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const notAZip = () =>
  new UnreadableFileError('This file is damaged or is not a real document: its contents cannot be opened.');

function findEndOfDirectory(buffer: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let offset = buffer.length - 22; offset >= earliest; offset -= 1) {
    if (buffer.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
  }
  throw notAZip();
}

/** The archive's entries, read from its central directory; throws when the structure is broken. */
export function zipEntries(buffer: Buffer, limits: ZipLimits = OFFICE_LIMITS): ZipEntry[] {
  if (buffer.length < 22) throw notAZip();
  const end = findEndOfDirectory(buffer);
  const count = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new UnreadableFileError(TOO_COMPLEX); // zip64
  if (count > limits.maxEntries) throw new UnreadableFileError(TOO_COMPLEX);
  if (directoryOffset + directorySize > end) throw notAZip();
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > end || buffer.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw notAZip();
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const uncompressedSize = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(buffer: Buffer, entry: ZipEntry): Buffer {
  const { localOffset } = entry;
  if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_HEADER) throw notAZip();
  const start =
    localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
  if (start + entry.compressedSize > buffer.length) throw notAZip();
  return buffer.subarray(start, start + entry.compressedSize);
}

/**
 * One entry's bytes, inflated. zlib itself enforces `maxBytes` (`maxOutputLength`), whatever size
 * the archive claims: more is TOO_COMPLEX.
 */
export function inflateEntry(buffer: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  const data = entryData(buffer, entry);
  if (entry.method === STORED) {
    if (data.length > maxBytes) throw new UnreadableFileError(TOO_COMPLEX);
    return data;
  }
  if (entry.method !== DEFLATED)
    throw new UnreadableFileError(
      'This document uses a kind of compression Equalis cannot read. Open it and save it again.',
    );
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new UnreadableFileError(TOO_COMPLEX);
    throw notAZip();
  }
}

/**
 * Checks the whole archive: its structure, and that every entry inflates within the budget.
 * Returns the entry names, for callers that check what kind of document it is.
 */
export function checkZipArchive(buffer: Buffer, limits: ZipLimits = OFFICE_LIMITS): string[] {
  const entries = zipEntries(buffer, limits);
  let budget = limits.maxTotalBytes;
  for (const entry of entries) {
    if (entry.name.endsWith('/') && entry.compressedSize === 0) continue; // a folder
    budget -= inflateEntry(buffer, entry, budget).length;
    if (budget < 0) throw new UnreadableFileError(TOO_COMPLEX);
  }
  return entries.map((entry) => entry.name);
}

/** Starts like a zip archive (the local file header's signature). */
export function looksLikeZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL_HEADER;
}
