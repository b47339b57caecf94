import { categoryFor, classificationFor, type Classification } from './classifications.ts';
import { levelOfCode, type Level } from './geography.ts';
import type { NomisExport } from './nomis-export.ts';

/**
 * Everything that must be true of a dataset file before any of it is kept, found all at once so
 * the person sees every problem, each with its line. A total may differ from the sum of its
 * parts by at most TOTAL_TOLERANCE of the total (or one person, whichever is more): Census 2021
 * tables add up exactly, but other publishers round.
 */
export const TOTAL_TOLERANCE = 0.001;

export interface CheckedDataset {
  classification: Classification | null;
  level: Level | null;
  figures: { areaCode: string; category: string; value: number }[];
  areas: { code: string; name: string; level: Level }[];
  problems: { line: number; message: string }[];
}

/** Checks a file read as a Nomis export (or shaped like one); the file's areas are added by the import. */
export function checkNomisDataset(file: NomisExport): CheckedDataset {
  const problems = [...file.problems];
  const classification = classificationFor(file.categories);
  if (!classification && file.categories.length) {
    const closest = file.categories.join('”, “');
    problems.push({
      line: 1,
      message: `The categories “${closest}” are not one classification Equalis knows`,
    });
  }
  const categoryCodes = file.categories.map((label) =>
    classification ? (categoryFor(classification, label)?.code ?? null) : null,
  );
  const levels = new Set<Level>();
  const seen = new Set<string>();
  const figures: CheckedDataset['figures'] = [];
  const areas: CheckedDataset['areas'] = [];
  for (const row of file.rows) {
    const level = levelOfCode(row.code);
    if (!level) {
      problems.push({ line: row.line, message: `${row.code} is not a GSS area code Equalis knows` });
      continue;
    }
    levels.add(level);
    if (seen.has(row.code)) problems.push({ line: row.line, message: `${row.code} appears more than once` });
    seen.add(row.code);
    areas.push({ code: row.code, name: row.name, level });
    if (row.counts.some((value) => value === null)) continue;
    const parts = row.counts.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    if (row.total !== null && Math.abs(row.total - parts) > Math.max(1, row.total * TOTAL_TOLERANCE))
      problems.push({
        line: row.line,
        message: `${row.code}: the parts add up to ${parts}, but the total says ${row.total}`,
      });
    row.counts.forEach((value, index) => {
      const category = categoryCodes[index];
      if (category && value !== null) figures.push({ areaCode: row.code, category, value });
    });
  }
  if (levels.size > 1)
    problems.push({
      line: 1,
      message: `The file mixes kinds of area (${[...levels].join(', ')}): import one kind at a time`,
    });
  return {
    classification,
    level: levels.size === 1 ? [...levels][0]! : null,
    figures,
    areas,
    problems,
  };
}
