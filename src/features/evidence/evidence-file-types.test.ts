import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { asciiFileName, checkUpload, sniffContent } from './evidence-file-types.ts';
import {
  docxBomb,
  fakeDocx,
  minimalJpeg,
  minimalPdf,
  minimalPng,
  zipBomb,
  zipOf,
} from '../../../test/helpers/crafted-files.ts';

const pdf = minimalPdf();
const png = minimalPng();

describe('evidence upload checks', () => {
  it('accepts real Word and Excel files by their content', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Evidence')] }] }),
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRow(['a', 1]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(checkUpload('Annual report.docx', docx)).toMatchObject({ ok: true, type: { extension: 'docx' } });
    expect(checkUpload('profile.XLSX', xlsx)).toMatchObject({ ok: true, type: { extension: 'xlsx' } });
    expect(checkUpload('profile.docx', xlsx)).toEqual({
      ok: false,
      problem:
        'profile.docx is named as a Word document but its content is an Excel workbook. Check it is the right file',
    });
  });

  it('refuses a script dressed as a PDF, an empty file and unknown types', () => {
    expect(checkUpload('report.pdf', pdf)).toMatchObject({
      ok: true,
      type: { contentType: 'application/pdf' },
    });
    expect(checkUpload('report.pdf', Buffer.from('<script>alert(1)</script>'))).toEqual({
      ok: false,
      problem: 'report.pdf is named as a PDF but its content is a text file. Check it is the right file',
    });
    expect(checkUpload('empty.txt', Buffer.alloc(0))).toEqual({ ok: false, problem: 'empty.txt is empty' });
    expect(checkUpload('tool.exe', Buffer.from('MZ'))).toMatchObject({ ok: false });
    expect(checkUpload('page.html', Buffer.from('<html>'))).toMatchObject({ ok: false });
    expect(checkUpload('photo.jpeg', png)).toMatchObject({ ok: false });
    expect(checkUpload('chart.png', png)).toMatchObject({ ok: true, type: { contentType: 'image/png' } });
    expect(checkUpload('data.csv', Buffer.from('area,count\nA,5\n'))).toMatchObject({ ok: true });
  });

  it('never accepts binary content as text, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        const content = Buffer.from(bytes);
        const kind = sniffContent(content);
        if (content.includes(0)) expect(kind === 'txt').toBe(false);
      }),
    );
  });

  it('makes header-safe file names', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(asciiFileName(name)).toMatch(/^[\x20-\x7e]+$/);
        expect(asciiFileName(name)).not.toMatch(/["\\/]/);
      }),
    );
  });

  it('checks structure, not only the first bytes', () => {
    const refused = (name: string, content: Buffer) => {
      const result = checkUpload(name, content);
      expect(result.ok, name).toBe(false);
      return result.ok ? '' : result.problem;
    };
    // A few bytes that mention Word's parts are not a Word document.
    expect(refused('report.docx', fakeDocx())).toContain('its content is not a type we accept');
    // A zip with the right names but no document part, or a broken directory.
    expect(
      refused('report.docx', zipOf([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }])),
    ).toContain('not a type we accept');
    expect(refused('report.docx', docxBomb(1).subarray(0, 400))).toContain('not a type we accept');
    // Magic bytes in front of a web page.
    expect(refused('report.pdf', Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>\n'))).toMatch(
      /not a real PDF: (it contains web page code|it does not end as a PDF does)/,
    );
    expect(
      refused('report.pdf', Buffer.concat([minimalPdf(), Buffer.from('<script>alert(1)</script>')])),
    ).toContain('web page code');
    expect(
      refused(
        'report.pdf',
        Buffer.from(
          minimalPdf()
            .toString('latin1')
            .replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>'),
          'latin1',
        ),
      ),
    ).toContain('contains a script');
    expect(
      refused('chart.png', Buffer.concat([minimalPng(), Buffer.from('<html><script>x</script></html>')])),
    ).toContain('web page code');
    expect(refused('chart.png', Buffer.concat([minimalPng(), Buffer.from('trailing')]))).toContain(
      'other data after the image',
    );
    expect(
      refused('chart.png', minimalPng([['tEXt', Buffer.from('Comment\u0000<svg onload=alert(1)>')]])),
    ).toContain('web page code');
    const damaged = minimalPng();
    damaged.writeUInt8(damaged[20]! ^ 0xff, 20);
    expect(refused('chart.png', damaged)).toContain('damaged');
    expect(
      refused('chart.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    ).toContain('cut short');
    expect(refused('photo.jpg', Buffer.concat([minimalJpeg().subarray(0, 20)]))).toContain('not a real JPEG');
    expect(
      refused(
        'photo.jpg',
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e]),
      ),
    ).toContain('not a real JPEG');
    // And the real things pass.
    expect(checkUpload('photo.jpg', minimalJpeg())).toMatchObject({ ok: true });
    expect(checkUpload('report.pdf', minimalPdf())).toMatchObject({ ok: true });
    expect(
      checkUpload(
        'notes.odt',
        zipOf([
          { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), stored: true },
          { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
        ]),
      ),
    ).toMatchObject({ ok: true, type: { extension: 'odt' } });
  });

  it('refuses an archive that would inflate beyond the budget, before inflating it all', () => {
    const bomb = zipBomb(600, 1, [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(checkUpload('report.docx', bomb)).toMatchObject({ ok: false });
  });
});
