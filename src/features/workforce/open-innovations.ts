import { readCsvRows, recordsOf } from '../../platform/csv.ts';
import { publishCount, type DisclosurePolicy } from '../../stats/disclosure.ts';
import type { StaffRow } from './workforce-profile.ts';

/**
 * The Open Innovations diversity data standard (open-innovations/diversity-data): one row per
 * organisation and publication, `published, organisation, …, employees`, then counts per
 * characteristic and category (`gender_female`, `ethnicity_asian_indian`, `disability_yes`, …,
 * `<characteristic>_prefernottosay`, `_undisclosed`, `_total`). Equalis writes its snapshot in that
 * layout (counts published under the organisation's policy) and reads others' rows to compare.
 */
const BROAD = ['asian', 'black', 'mixed', 'other', 'white'] as const;

export const EXPORT_COLUMNS = [
  'published',
  'organisation',
  'organisation_grouping',
  'organisation_level',
  'employees',
  'link_to_dei_info',
  'disability_no',
  'disability_prefernottosay',
  'disability_total',
  'disability_undisclosed',
  'disability_yes',
  ...BROAD.map((group) => `ethnicity_${group}`),
  'ethnicity_prefernottosay',
  'ethnicity_total',
  'ethnicity_undisclosed',
  'gender_female',
  'gender_male',
  'gender_other',
  'gender_prefernottosay',
  'gender_total',
  'gender_undisclosed',
] as const;

/** A snapshot as one row of the standard; people who have not said are "undisclosed". */
export function diversityRow(
  rows: readonly StaffRow[],
  about: { organisation: string; published: string },
  policy: DisclosurePolicy,
): Record<(typeof EXPORT_COLUMNS)[number], string | number | null> {
  const count = (test: (row: StaffRow) => boolean) => publishCount(rows.filter(test).length, policy).value;
  return {
    published: about.published,
    organisation: about.organisation,
    organisation_grouping: null,
    organisation_level: null,
    employees: publishCount(rows.length, policy).value,
    link_to_dei_info: null,
    disability_no: count((row) => row.disability === 'not_disabled'),
    disability_prefernottosay: null,
    disability_total: publishCount(rows.length, policy).value,
    disability_undisclosed: count((row) => row.disability === null),
    disability_yes: count((row) => row.disability === 'disabled'),
    ethnicity_asian: count((row) => row.ethnicity === 'asian'),
    ethnicity_black: count((row) => row.ethnicity === 'black'),
    ethnicity_mixed: count((row) => row.ethnicity === 'mixed'),
    ethnicity_other: count((row) => row.ethnicity === 'other'),
    ethnicity_white: count((row) => row.ethnicity === 'white'),
    ethnicity_prefernottosay: null,
    ethnicity_total: publishCount(rows.length, policy).value,
    ethnicity_undisclosed: count((row) => row.ethnicity === null),
    gender_female: count((row) => row.sex === 'female'),
    gender_male: count((row) => row.sex === 'male'),
    gender_other: null,
    gender_prefernottosay: null,
    gender_total: publishCount(rows.length, policy).value,
    gender_undisclosed: count((row) => row.sex === null),
  };
}

/** One organisation's published row, as shares of those who said (0–1) and how many did not. */
export interface PublishedDiversity {
  line: number;
  organisation: string;
  published: string;
  employees: number | null;
  women: number | null;
  /** People from an ethnic minority (every broad group but White), of those who said. */
  ethnicMinority: number | null;
  disabled: number | null;
  ethnicityUndisclosed: number | null;
}

function sumOf(record: Record<string, string>, prefix: string, names: readonly string[]): number | null {
  let total = 0;
  let any = false;
  for (const name of names) {
    const value = (record[`${prefix}_${name}`] ?? '').trim();
    if (value === '') continue;
    const number = Number(value);
    if (!Number.isFinite(number)) return null;
    total += number;
    any = true;
  }
  return any ? total : null;
}

/** A broad group's count: its own column, or the sum of its detailed ones ("ethnicity_asian_indian"…). */
function broadCount(record: Record<string, string>, group: string): number | null {
  const own = (record[`ethnicity_${group}`] ?? '').trim();
  if (own !== '') return Number(own);
  const detailed = Object.keys(record).filter((key) => key.startsWith(`ethnicity_${group}_`));
  return sumOf(
    record,
    'ethnicity',
    detailed.map((key) => key.slice('ethnicity_'.length)),
  );
}

export function readDiversityFile(text: string): {
  rows: PublishedDiversity[];
  problems: { line: number; message: string }[];
} {
  const read = readCsvRows(text);
  if ('problem' in read) return { rows: [], problems: [read.problem] };
  const records = recordsOf(read.rows);
  if (records.length === 0 || !('organisation' in records[0]!) || !('published' in records[0]!))
    return {
      rows: [],
      problems: [
        {
          line: 1,
          message:
            'This is not in the Open Innovations diversity data layout (no “published” and “organisation” columns)',
        },
      ],
    };
  const share = (part: number | null, whole: number | null) =>
    part === null || !whole ? null : part / whole;
  const rows = records.flatMap((record, index) => {
    const organisation = (record.organisation ?? '').trim();
    if (!organisation) return [];
    const women = sumOf(record, 'gender', ['female']);
    const men = sumOf(record, 'gender', ['male']);
    const broad = BROAD.map((group) => broadCount(record, group));
    const said = broad.every((value) => value === null)
      ? null
      : broad.reduce<number>((sum, value) => sum + (value ?? 0), 0);
    const white = broad[BROAD.indexOf('white')] ?? null;
    const yes = sumOf(record, 'disability', ['yes']);
    const no = sumOf(record, 'disability', ['no']);
    const undisclosed = sumOf(record, 'ethnicity', ['undisclosed', 'prefernottosay']);
    const employees = Number(record.employees) || null;
    return [
      {
        line: index + 2,
        organisation,
        published: (record.published ?? '').trim(),
        employees,
        women: share(women, women !== null && men !== null ? women + men : null),
        ethnicMinority: said === null || white === null ? null : share(said - white, said),
        disabled: share(yes, yes !== null && no !== null ? yes + no : null),
        ethnicityUndisclosed: share(undisclosed, employees),
      },
    ];
  });
  return { rows, problems: [] };
}
