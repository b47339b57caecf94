/**
 * What an uploaded evidence file really is, judged by its content, not its name. A file whose
 * content does not match its extension is refused: that is how a script dressed as a PDF gets in.
 * Pure; tested in evidence-file-types.test.ts.
 */
import {
  containsWebPage,
  jpegProblem,
  officeKind,
  pdfProblem,
  pngProblem,
} from '../../infra/untrusted-files/file-structure.ts';
import { runIsolated } from '../../infra/untrusted-files/isolated.ts';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import { looksLikeZip } from '../../infra/untrusted-files/zip-archive.ts';
export interface FileType {
  extension: string;
  contentType: string;
  label: string;
}

const TYPES: Record<string, FileType> = {
  pdf: { extension: 'pdf', contentType: 'application/pdf', label: 'PDF' },
  docx: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
  },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel workbook',
  },
  pptx: {
    extension: 'pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint presentation',
  },
  odt: {
    extension: 'odt',
    contentType: 'application/vnd.oasis.opendocument.text',
    label: 'OpenDocument text',
  },
  ods: {
    extension: 'ods',
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    label: 'OpenDocument spreadsheet',
  },
  png: { extension: 'png', contentType: 'image/png', label: 'PNG image' },
  jpg: { extension: 'jpg', contentType: 'image/jpeg', label: 'JPEG image' },
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8', label: 'CSV file' },
  txt: { extension: 'txt', contentType: 'text/plain; charset=utf-8', label: 'text file' },
};

export const ACCEPTED_EXTENSIONS = [
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'png',
  'jpg',
  'jpeg',
  'csv',
  'txt',
];

const startsWith = (content: Buffer, bytes: number[]) =>
  bytes.every((byte, index) => content[index] === byte);

function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/** The type the content claims by its first bytes, or null for anything we do not accept. */
export function sniffContent(content: Buffer): FileType['extension'] | null {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpg';
  if (looksLikeZip(content)) return officeKind(content);
  if (content.length > 0 && isText(content)) return 'txt';
  return null;
}

/**
 * Why content that starts as `type` is still not a sound file of that type: its structure is
 * broken, or it carries a web page or script (a "polyglot" meant to run in a browser).
 */
function structureProblem(type: FileType['extension'], content: Buffer): string | null {
  const binary = type !== 'txt' && type !== 'csv';
  if (binary && containsWebPage(content)) return 'it contains web page code';
  if (type === 'pdf') return pdfProblem(content);
  if (type === 'png') return pngProblem(content);
  if (type === 'jpg') return jpegProblem(content);
  return null;
}

const withArticle = (label: string) => `${/^[AEIOU]/i.test(label) ? 'an' : 'a'} ${label}`;

export type UploadCheck = { ok: true; type: FileType } | { ok: false; problem: string };

export function checkUpload(fileName: string, content: Buffer): UploadCheck {
  if (content.length === 0) return { ok: false, problem: `${fileName} is empty` };
  const claimed = (fileName.match(/\.([A-Za-z0-9]+)$/)?.[1] ?? '').toLowerCase();
  const extension = claimed === 'jpeg' ? 'jpg' : claimed;
  if (!ACCEPTED_EXTENSIONS.includes(claimed))
    return {
      ok: false,
      problem: `${fileName} is not a type of file we accept. Upload a PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text file, or add a link instead`,
    };
  const actual = sniffContent(content);
  const matches = actual === extension || (actual === 'txt' && extension === 'csv');
  if (!matches)
    return {
      ok: false,
      problem: `${fileName} is named as ${withArticle(TYPES[extension]!.label)} but its content is ${actual ? withArticle(TYPES[actual]!.label) : 'not a type we accept'}. Check it is the right file`,
    };
  const problem = structureProblem(extension, content);
  if (problem)
    return {
      ok: false,
      problem: `${fileName} is damaged or is not a real ${TYPES[extension]!.label}: ${problem}. Open it and save it again, or check it is the right file`,
    };
  return { ok: true, type: TYPES[extension]! };
}

/** checkUpload off the main thread: checking an archive inflates all of it (see isolated.ts). */
export async function checkUntrustedUpload(fileName: string, content: Buffer): Promise<UploadCheck> {
  try {
    return await runIsolated<UploadCheck>(new URL(import.meta.url), 'checkUpload', [fileName, content]);
  } catch (error) {
    if (error instanceof UnreadableFileError) return { ok: false, problem: `${fileName}: ${error.message}` };
    throw error;
  }
}

/** A name safe to put in a Content-Disposition header (the original goes in filename*). */
export function asciiFileName(fileName: string): string {
  const cleaned = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\/]/g, '_');
  return cleaned.trim() || 'evidence';
}
