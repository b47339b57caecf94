import zlib from 'node:zlib';
import { checkZipArchive } from './zip-archive.ts';
import { UnreadableFileError } from './unreadable-file-error.ts';

/**
 * Structural checks for the binary formats Equalis stores: enough of each format's own rules that
 * a few magic bytes in front of something else — a script, a web page — do not pass. Each check
 * returns null when the file is sound, or a short reason. Pure apart from zlib; tested in
 * file-structure.test.ts and by the fuzz suite.
 */

/** Markup a browser would run as a page. None of it belongs in a PDF, PNG, JPEG or Office file. */
const WEB_PAGE_MARKERS = [
  '<html',
  '<script',
  '<body',
  '<iframe',
  '<svg',
  '<!doctype html',
  '<object',
  '<embed',
  '<meta http-equiv',
];

export function containsWebPage(content: Buffer): boolean {
  const text = content.toString('latin1').toLowerCase();
  return WEB_PAGE_MARKERS.some((marker) => text.includes(marker));
}

/** A PDF starts with its version, ends with `%%EOF` after a `startxref`, and carries no scripts. */
export function pdfProblem(content: Buffer): string | null {
  if (!/^%PDF-[12]\.\d/.test(content.subarray(0, 8).toString('latin1')))
    return 'it does not start as a PDF does';
  const tail = content.subarray(Math.max(0, content.length - 2048)).toString('latin1');
  if (!/startxref\s+\d+\s+%%EOF\s*$/.test(tail)) return 'it does not end as a PDF does (it may be cut short)';
  // Scripts in a PDF run in some readers; evidence has no need of them.
  if (/\/(JavaScript|JS)\b/.test(content.toString('latin1'))) return 'it contains a script';
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG is its signature, then chunks with correct checksums, IHDR first and IEND last. */
export function pngProblem(content: Buffer): string | null {
  if (!content.subarray(0, 8).equals(PNG_SIGNATURE)) return 'it does not start as a PNG does';
  let offset = 8;
  let first = true;
  while (offset + 12 <= content.length) {
    const length = content.readUInt32BE(offset);
    const type = content.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > content.length) return 'it is cut short';
    if (first && (type !== 'IHDR' || length !== 13)) return 'its header chunk is missing';
    const expected = content.readUInt32BE(end - 4);
    if (zlib.crc32(content.subarray(offset + 4, end - 4)) !== expected) return `its ${type} chunk is damaged`;
    if (type === 'IEND') return end === content.length ? null : 'there is other data after the image';
    first = false;
    offset = end;
  }
  return 'it is cut short';
}

/**
 * A JPEG is SOI, then marker segments with lengths, up to the start of scan, then image data
 * ending in EOI. Cameras sometimes add data after EOI, so that alone is not refused.
 */
export function jpegProblem(content: Buffer): string | null {
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8)
    return 'it does not start as a JPEG does';
  let offset = 2;
  while (offset + 4 <= content.length) {
    if (content[offset] !== 0xff) return 'its structure is damaged';
    const marker = content[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = content.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > content.length) return 'it is cut short';
    offset += 2 + length;
    if (marker === 0xda) {
      // Start of scan: the image data follows; the file must close it with EOI.
      const eoi = content.indexOf(Buffer.from([0xff, 0xd9]), offset);
      return eoi < 0 ? 'it is cut short' : null;
    }
  }
  return 'it has no image data';
}

export type OfficeKind = 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods';

/** The main part each Office Open XML format must have. */
const OOXML_MAIN_PART: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
};

const OPENDOCUMENT_TYPE: Record<'odt' | 'ods', string> = {
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** Evidence can be larger than a plan (pictures), so its archives get a larger budget. */
const EVIDENCE_ZIP_LIMITS = { maxEntries: 10_000, maxTotalBytes: 512 * 1024 * 1024 };

/**
 * Which Office document a zip archive is, judged by its real parts (read from the archive's
 * directory, after checking that every entry inflates within budget), or null when it is none.
 */
export function officeKind(content: Buffer): OfficeKind | null {
  let parts: string[];
  try {
    parts = checkZipArchive(content, EVIDENCE_ZIP_LIMITS);
  } catch (error) {
    if (error instanceof UnreadableFileError) return null;
    throw error;
  }
  // OpenDocument puts its type, uncompressed, in a first entry called "mimetype".
  if (parts[0] === 'mimetype' && parts.includes('content.xml')) {
    // It is the first local entry: its data follows the 30-byte header, the name and any extra field.
    const dataStart = 30 + content.readUInt16LE(26) + content.readUInt16LE(28);
    const declared = content.toString('latin1', dataStart, dataStart + content.readUInt32LE(18));
    for (const [kind, type] of Object.entries(OPENDOCUMENT_TYPE))
      if (declared === type) return kind as OfficeKind;
    return null;
  }
  if (!parts.includes('[Content_Types].xml')) return null;
  for (const [kind, part] of Object.entries(OOXML_MAIN_PART))
    if (parts.includes(part)) return kind as OfficeKind;
  return null;
}
