import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { asciiFileName, checkUpload, sniffContent } from './evidence-file-types.ts';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

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
});
