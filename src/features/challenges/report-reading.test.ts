import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
import { readChallengeReport } from './challenge-report.ts';
import { readPastedReportInThisThread, readReportInThisThread, sourceFromHtml } from './report-reading.ts';
import { matchResponses } from './response-matching.ts';

/** A paragraph with a Word comment anchored on all of its text. */
function commented(text: string, id: number, numbered = true): Paragraph {
  return new Paragraph({
    ...(numbered ? { numbering: { reference: 'findings', level: 0 } } : {}),
    children: [
      new CommentRangeStart(id),
      new TextRun(text),
      new CommentRangeEnd(id),
      new TextRun({ children: [new CommentReference(id)] }),
    ],
  });
}

async function wordReport(): Promise<Buffer> {
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'findings',
          levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: 'left' }],
        },
      ],
    },
    comments: {
      children: [
        {
          id: 0,
          author: 'Equality lead',
          children: [new Paragraph('Agreed: the EqIA toolkit is being rewritten.')],
        },
        {
          id: 1,
          author: 'Equality lead',
          children: [new Paragraph('Partly agreed; parks will start in April.')],
        },
      ],
    },
    sections: [
      {
        children: [
          heading('Executive summary'),
          new Paragraph(
            'The council has completed a satisfactory self-assessment at the achieving level of the Equality Framework for Local Government.',
          ),
          heading('Recommendations'),
          commented('Improve the quality of equality impact assessments.', 0),
          heading('Detailed findings'),
          heading('Responsive services and customer care'),
          new Paragraph('Strengths:'),
          new Paragraph({
            text: 'The contact centre monitors complaints.',
            numbering: { reference: 'findings', level: 0 },
          }),
          new Paragraph('Areas for consideration:'),
          commented('Parks collects no data on who uses them.', 1),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('reading a report file', () => {
  it('reads a Word report with its comments anchored where the council wrote them', async () => {
    const reading = await readReportInThisThread(await wordReport(), 'challenge.docx');
    expect(reading.format).toBe('Word');
    expect(reading.source.anchored).toBe(true);
    expect(reading.source.comments.map((comment) => comment.text)).toEqual([
      'Agreed: the EqIA toolkit is being rewritten.',
      'Partly agreed; parks will start in April.',
    ]);
    const parsed = readChallengeReport(reading.source);
    expect(parsed.level).toBe('achieving');
    expect(parsed.areas).toEqual(['Responsive services and customer care']);
    const targets = [...parsed.items, ...parsed.general];
    const matches = matchResponses(reading.source.comments, targets, true);
    expect(matches.every((match) => match.basis === 'anchor')).toBe(true);
    const answered = matches.map((match) => targets.find((target) => target.key === match.targetKey)?.text);
    expect(answered).toEqual([
      'Improve the quality of equality impact assessments.',
      'Parks collects no data on who uses them.',
    ]);
    expect(parsed.items.find((item) => item.text.startsWith('Parks'))?.kind).toBe('consideration');
  });

  it('reads text in another encoding and pasted text', async () => {
    const latin1 = Buffer.from(
      'Recommendations\n1. Publish the council’s objectives.\n'.replace('’', "'"),
      'latin1',
    );
    const reading = await readReportInThisThread(latin1, 'report.txt');
    expect(reading.source.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Recommendations',
      "1. Publish the council's objectives.",
    ]);
    expect(readPastedReportInThisThread('Strengths:\n1. Ward profiles.').source.paragraphs).toHaveLength(2);
  });

  it('refuses a file it cannot read, saying why', async () => {
    await expect(
      readReportInThisThread(Buffer.from('PK\u0003\u0004 not really'), 'report.docx'),
    ).rejects.toThrow(UnreadableFileError);
    await expect(readReportInThisThread(Buffer.from([0, 1, 2, 3, 0, 0, 255]), 'report.txt')).rejects.toThrow(
      UnreadableFileError,
    );
    await expect(readReportInThisThread(Buffer.from('x'), 'report.pdf')).rejects.toThrow(UnreadableFileError);
    await expect(readReportInThisThread(Buffer.alloc(0), 'report.txt')).rejects.toThrow(UnreadableFileError);
  });

  it('reads headings, lists and tables from HTML', () => {
    const source = sourceFromHtml(
      '<h2>Strengths</h2><ol><li>Ward profiles<ul><li>refreshed quarterly</li></ul></li></ol><table><tr><td>Jo Reid</td><td>LGA</td></tr></table>',
    );
    expect(source.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Strengths',
      '1. Ward profiles',
      '- refreshed quarterly',
      'Jo Reid – LGA',
    ]);
    expect(source.paragraphs[0]!.heading).toBe(true);
  });
});
