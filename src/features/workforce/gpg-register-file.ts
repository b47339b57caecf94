import { readCsvRows, recordsOf } from '../../platform/csv.ts';

/**
 * A year's download from the GOV.UK gender pay gap service: one row per employer, with
 * `EmployerName, EmployerId, …, DiffMeanHourlyPercent, …, EmployerSize, …, DueDate`. The
 * snapshot year is the year before the due date (public bodies report a 31 March snapshot by 30
 * March the next year; private employers 5 April by 4 April). Columns are found by name, so
 * the order may change between years.
 */
export interface RegisterRow {
  employerId: number;
  snapshotYear: number;
  employerName: string;
  employerSize: string;
  sicCodes: string;
  diffMeanHourly: number | null;
  diffMedianHourly: number | null;
  diffMeanBonus: number | null;
  diffMedianBonus: number | null;
  maleBonus: number | null;
  femaleBonus: number | null;
  femaleLowerQuartile: number | null;
  femaleLowerMiddleQuartile: number | null;
  femaleUpperMiddleQuartile: number | null;
  femaleTopQuartile: number | null;
}

const NEEDED = [
  'EmployerName',
  'EmployerId',
  'DiffMeanHourlyPercent',
  'DiffMedianHourlyPercent',
  'EmployerSize',
  'DueDate',
];

export function readRegisterFile(text: string): {
  rows: RegisterRow[];
  problems: { line: number; message: string }[];
} {
  const read = readCsvRows(text);
  if ('problem' in read) return { rows: [], problems: [read.problem] };
  const records = recordsOf(read.rows);
  const missing = NEEDED.filter((name) => records.length && !(name in records[0]!));
  if (records.length === 0 || missing.length)
    return {
      rows: [],
      problems: [
        {
          line: 1,
          message: `This is not a GOV.UK gender pay gap download: no ${missing.join(', ') || 'rows'}`,
        },
      ],
    };
  const number = (value: string | undefined) => {
    const text = (value ?? '').trim();
    return text === '' || Number.isNaN(Number(text)) ? null : Number(text);
  };
  const rows: RegisterRow[] = [];
  const problems: { line: number; message: string }[] = [];
  records.forEach((record, index) => {
    const employerId = Number(record.EmployerId);
    const due = /^(\d{4})/.exec(record.DueDate ?? '');
    if (!Number.isInteger(employerId) || !due) {
      problems.push({
        line: index + 2,
        message: `${record.EmployerName || 'A row'}: no employer id or due date`,
      });
      return;
    }
    rows.push({
      employerId,
      snapshotYear: Number(due[1]) - 1,
      employerName: (record.EmployerName ?? '').trim(),
      employerSize: (record.EmployerSize ?? '').trim(),
      sicCodes: (record.SicCodes ?? '').replace(/\s+/g, ' ').trim(),
      diffMeanHourly: number(record.DiffMeanHourlyPercent),
      diffMedianHourly: number(record.DiffMedianHourlyPercent),
      diffMeanBonus: number(record.DiffMeanBonusPercent),
      diffMedianBonus: number(record.DiffMedianBonusPercent),
      maleBonus: number(record.MaleBonusPercent),
      femaleBonus: number(record.FemaleBonusPercent),
      femaleLowerQuartile: number(record.FemaleLowerQuartile),
      femaleLowerMiddleQuartile: number(record.FemaleLowerMiddleQuartile),
      femaleUpperMiddleQuartile: number(record.FemaleUpperMiddleQuartile),
      femaleTopQuartile: number(record.FemaleTopQuartile),
    });
  });
  return { rows, problems };
}

/** Councils on the register: local authorities name themselves "… Council" (parish and town councils report rarely, and are kept). */
export function isCouncil(name: string): boolean {
  return /\bcouncils?\b/i.test(name);
}

/** The register's size bands, for an organisation's own head count. */
export function sizeBandOf(employees: number): string {
  if (employees < 250) return 'Less than 250';
  if (employees < 500) return '250 to 499';
  if (employees < 1000) return '500 to 999';
  if (employees < 5000) return '1000 to 4999';
  if (employees < 20000) return '5000 to 19,999';
  return '20,000 or more';
}
