import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, detectDelimiter } from './plan-text-decoding.ts';

describe('reading the bytes of a text plan', () => {
  it('reads Windows-1252 dashes, quotes and bullets as themselves', () => {
    expect(decodeText(Buffer.from([0x41, 0x96, 0x42, 0x20, 0x95, 0x20, 0x92, 0x80]))).toEqual({
      text: 'A–B • ’€',
      encoding: 'Windows-1252',
    });
  });

  it('recognises UTF-16 with and without a byte-order mark, and UTF-8 with one', () => {
    const text = 'Ref,Action\n1.1,Café – review\n';
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({
      text,
      encoding: 'UTF-16LE',
    });
    expect(decodeText(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'UTF-16LE' });
    const bigEndian = Buffer.from(text, 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))).toEqual({
      text,
      encoding: 'UTF-16BE',
    });
    expect(decodeText(Buffer.from(`\ufeff${text}`))).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeText(Buffer.from([0x41, 0x00, 0x42, 0x43, 0x44, 0x45]))).toBeNull();
  });

  it('any text a person could type survives being saved in UTF-8 or UTF-16', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (text) => {
        fc.pre(!text.includes('\u0000') && !text.startsWith('\ufeff'));
        expect(decodeText(Buffer.from(text, 'utf8'))?.text).toBe(text);
        expect(
          decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))?.text,
        ).toBe(text);
      }),
    );
  });

  it('maps every Windows-1252 byte to a character, never a C1 control for a defined one', () => {
    for (let byte = 0; byte < 256; byte += 1) {
      const character = decodeWindows1252(Buffer.from([byte]));
      expect(character).toHaveLength(1);
      if ([0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(byte)) continue;
      if (byte >= 0x80 && byte <= 0x9f) expect(character.charCodeAt(0)).toBeGreaterThan(0xff);
    }
  });

  it('finds the separator Excel used', () => {
    expect(detectDelimiter('Ref;Action;By when\n1.1;Do it, soon;May 2011\n')).toBe(';');
    expect(detectDelimiter('Ref,Action,By when\n1.1,"Do it; soon",May 2011\n')).toBe(',');
    expect(detectDelimiter('Ref\tAction\n1.1\tDo it, soon, and well\n')).toBe('\t');
    expect(detectDelimiter('"Ref";"Action"\n"1.1";"A ""quoted"" word, and a comma"\n')).toBe(';');
  });
});
