import { parseHTML } from 'linkedom';
import { REPORT_FORMATS } from './report-files.ts';
import { decodeText } from '../action-plan/plan-text-decoding.ts';
import { checkZipArchive, looksLikeZip } from '../../infra/untrusted-files/zip-archive.ts';
import { TOO_COMPLEX, UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import {
  sourceFromText,
  type ReportComment,
  type ReportParagraph,
  type ReportSource,
} from './report-source.ts';

/**
 * Reading a peer challenge report file: the half that runs in the isolated worker (report-files.ts
 * is the half the server calls). A problem with the file is an UnreadableFileError whose message
 * is a locale key, so the person reads it in their own language.
 */

export interface ReportReading {
  source: ReportSource;
  format: string;
  encoding: string | null;
}

function extensionOf(fileName: string): keyof typeof REPORT_FORMATS {
  const extension = /\.[a-z0-9]+$/i.exec(fileName)?.[0]?.toLowerCase() ?? '';
  if (!(extension in REPORT_FORMATS)) throw new UnreadableFileError('challenges.file.unknownFormat');
  return extension as keyof typeof REPORT_FORMATS;
}

export async function readReportInThisThread(buffer: Buffer, fileName: string): Promise<ReportReading> {
  const extension = extensionOf(fileName);
  if (buffer.length === 0) throw new UnreadableFileError('challenges.file.empty');
  if (extension === '.docx') {
    if (!looksLikeZip(buffer)) throw new UnreadableFileError('challenges.file.notWord');
    let parts: string[];
    try {
      parts = checkZipArchive(buffer);
    } catch (error) {
      if (error instanceof UnreadableFileError && error.message === TOO_COMPLEX) throw error;
      throw new UnreadableFileError('challenges.file.notWord');
    }
    if (!parts.includes('word/document.xml')) throw new UnreadableFileError('challenges.file.notWord');
    let html: string;
    try {
      const { default: mammoth } = await import('mammoth');
      const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));
      // Comments are where councils write their responses: keep them, with their anchors.
      html = (
        await mammoth.convertToHtml({ buffer }, { convertImage, styleMap: ['comment-reference => sup'] })
      ).value;
    } catch {
      throw new UnreadableFileError('challenges.file.notWord');
    }
    return { source: sourceFromHtml(html), format: 'Word', encoding: null };
  }
  if (looksLikeZip(buffer)) throw new UnreadableFileError('challenges.file.binary');
  const decoded = decodeText(buffer);
  if (!decoded) throw new UnreadableFileError('challenges.file.binary');
  if (extension === '.html' || extension === '.htm')
    return { source: sourceFromHtml(decoded.text), format: 'HTML', encoding: decoded.encoding };
  return { source: sourceFromText(decoded.text), format: 'text', encoding: decoded.encoding };
}

export function readPastedReportInThisThread(text: string): ReportReading {
  return { source: sourceFromText(text), format: 'pasted text', encoding: null };
}

const textOf = (node: Element): string => (node.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * Word (through mammoth) or HTML to paragraphs: headings are marked, list items get the number
 * or bullet the document showed, nested list items become sub-points, table rows become one line
 * ("Name – Organisation – Role"), and comment references become exact anchors.
 */
export function sourceFromHtml(html: string): ReportSource {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const paragraphs: ReportParagraph[] = [];
  const comments: ReportComment[] = [];
  let anchored = false;
  const push = (node: Element, prefix: string, heading: boolean) => {
    const anchors: string[] = [];
    const copy = node.cloneNode(true) as Element;
    for (const nested of [...copy.querySelectorAll('ol, ul')]) nested.remove();
    for (const reference of [...copy.querySelectorAll('a[id^="comment-ref-"]')]) {
      anchors.push(reference.getAttribute('id')!.slice('comment-ref-'.length));
      anchored = true;
      (reference.closest('sup') ?? reference).remove();
    }
    const text = textOf(copy);
    if (text === '' && anchors.length === 0) return;
    paragraphs.push({
      text: `${prefix}${text}`,
      line: paragraphs.length + 1,
      ...(heading ? { heading: true } : {}),
      anchors,
      softAnchors: 0,
    });
  };
  const walkList = (list: Element, depth: number) => {
    let number = 0;
    for (const item of [...list.children]) {
      if (item.tagName !== 'LI') continue;
      number += 1;
      const prefix = depth > 0 ? '- ' : list.tagName === 'OL' ? `${number}. ` : '• ';
      push(item, prefix, false);
      for (const nested of [...item.children])
        if (nested.tagName === 'OL' || nested.tagName === 'UL') walkList(nested, depth + 1);
    }
  };
  const walk = (parent: Element) => {
    for (const node of [...parent.children]) {
      const tag = node.tagName;
      if (/^H[1-6]$/.test(tag)) push(node, '', true);
      else if (tag === 'P') push(node, '', false);
      else if (tag === 'OL' || tag === 'UL') walkList(node, 0);
      else if (tag === 'TABLE')
        for (const row of [...node.querySelectorAll('tr')]) {
          const cells = [...row.querySelectorAll('td, th')].map(textOf).filter((cell) => cell !== '');
          if (cells.length > 0)
            paragraphs.push({
              text: cells.join(' – '),
              line: paragraphs.length + 1,
              anchors: [],
              softAnchors: 0,
            });
        }
      else if (tag === 'DL' && node.querySelector('dt[id^="comment-"]')) {
        for (const term of [...node.querySelectorAll('dt[id^="comment-"]')]) {
          const body = term.nextElementSibling;
          if (!body) continue;
          const copy = body.cloneNode(true) as Element;
          for (const back of [...copy.querySelectorAll('a[href^="#comment-ref-"]')]) back.remove();
          comments.push({
            id: term.getAttribute('id')!.slice('comment-'.length),
            text: [...copy.querySelectorAll('p')].map(textOf).filter(Boolean).join('\n') || textOf(copy),
            line: paragraphs.length + comments.length + 1,
          });
        }
      } else walk(node);
    }
  };
  walk(document.body);
  return { paragraphs, comments, anchored };
}
