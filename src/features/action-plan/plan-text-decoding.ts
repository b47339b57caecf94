/**
 * Text files come in whatever Excel or a council system saved: UTF-8 with or without a byte-order
 * mark, UTF-16 (Excel's "Unicode text"), or Windows-1252 (older Excel's CSV, where dashes and
 * bullets are single bytes). And CSV from Excel in much of Europe is separated by semicolons.
 * Both are detected from the bytes and reported, so the preview can say how the file was read.
 * Pure; tested in plan-text-decoding.test.ts.
 */
export type TextEncodingName = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/** UTF-16 without a mark shows itself by NULs in every other byte of ordinary text. */
function utf16Without(buffer: Buffer): 'UTF-16LE' | 'UTF-16BE' | null {
  const sample = buffer.subarray(0, Math.min(buffer.length, 4096));
  if (sample.length < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let index = 0; index < sample.length; index += 1)
    if (sample[index] === 0) {
      if (index % 2 === 0) evenNul += 1;
      else oddNul += 1;
    }
  const half = sample.length / 2;
  if (oddNul > half * 0.6 && evenNul < half * 0.05) return 'UTF-16LE';
  if (evenNul > half * 0.6 && oddNul < half * 0.05) return 'UTF-16BE';
  return null;
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (undefined ones stay as they are). Node's own
 * "windows-1252" decoder reads these bytes as Latin-1 control characters, which turns Excel's
 * dashes, curly quotes and bullets into invisible codes; so the table is ours.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(buffer: Buffer): string {
  let text = '';
  for (const byte of buffer)
    text += String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte);
  return text;
}

export const TEXT_ENCODINGS: TextEncodingName[] = ['UTF-8', 'UTF-16LE', 'UTF-16BE', 'Windows-1252'];

export function isTextEncoding(value: unknown): value is TextEncodingName {
  return (TEXT_ENCODINGS as unknown[]).includes(value);
}

/** The bytes read as the encoding the person chose (a mark for another encoding is dropped). */
export function decodeAs(buffer: Buffer, encoding: TextEncodingName): string {
  if (encoding === 'Windows-1252') return decodeWindows1252(buffer);
  const text = new TextDecoder(encoding.toLowerCase()).decode(buffer);
  return text.replace(/^\ufeff/, '');
}

export function decodeText(buffer: Buffer): { text: string; encoding: TextEncodingName } | null {
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'UTF-16LE' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), encoding: 'UTF-16BE' };
  const sixteen = utf16Without(buffer);
  if (sixteen) return { text: new TextDecoder(sixteen.toLowerCase()).decode(buffer), encoding: sixteen };
  // Any other NUL means this is not text at all.
  if (buffer.includes(0)) return null;
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\ufeff/, ''),
      encoding: 'UTF-8',
    };
  } catch {
    return { text: decodeWindows1252(buffer), encoding: 'Windows-1252' };
  }
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

/** Occurrences of `delimiter` outside double quotes in one line (quotes may run across lines). */
function countOutsideQuotes(line: string, delimiter: string, quoted: { open: boolean }): number {
  let count = 0;
  for (const character of line) {
    if (character === '"') quoted.open = !quoted.open;
    else if (!quoted.open && character === delimiter) count += 1;
  }
  return count;
}

/**
 * The separator that splits the first lines most consistently into more than one cell: for each
 * candidate, the most common count per line, weighted by how many lines share it.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 50);
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of [',', ';', '\t'] as Delimiter[]) {
    const quoted = { open: false };
    const counts = lines
      .map((line) => countOutsideQuotes(line, delimiter, quoted))
      .filter((count) => count > 0);
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    const [, lines_] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    const score = lines_ + counts.length / 100;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
