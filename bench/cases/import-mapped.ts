import { parse } from 'csv-parse/sync';
import { normaliseHeading } from '../../src/features/action-plan/plan-columns.ts';
import type { BenchCase } from '../harness.ts';
import { medianImportMs, medianMs } from './import.ts';
import { largePlan } from './plan.ts';

const ROWS = 2000;

/**
 * A 2,000-row flat CSV laid out as many councils keep their plan — an area column, headings in
 * their own words, one heading ("Commitment") only the person's mapping explains — imported end to
 * end (decode, detect the separator, read the columns with the mapping, parse, check, commit),
 * against the anchor of parsing the same CSV with csv-parse alone.
 */
export const importMappedCase: BenchCase = {
  name: 'import-mapped',
  description: `import of a ${ROWS}-row flat CSV with a column mapping (ms) against parsing the same CSV`,
  async run(server) {
    const { services } = server.equalis;
    const plan = largePlan(ROWS);
    const lines = [
      [
        'Theme',
        'Ref.',
        'Commitment',
        'By when',
        'Responsible officer',
        'EFLG ref',
        'Protected characteristics',
      ],
    ];
    for (const area of plan.areas)
      for (const action of area.actions)
        lines.push([
          area.title,
          action.reference,
          action.text,
          action.target.text,
          action.leads.map((lead) => lead.name).join(', '),
          action.criteria.join(' '),
          action.strands
            .join(', ')
            .replace('all', 'All')
            .replace('race', 'Race')
            .replace('disability', 'Disability'),
        ]);
    const content = Buffer.from(lines.map((row) => row.map((cell) => `"${cell}"`).join(';')).join('\r\n'));
    const choices = new Map([[normaliseHeading('Commitment'), 'action' as const]]);
    const anchorValue = await medianMs(async () => parse(content.toString('utf8'), { delimiter: ';' }));
    const value = await medianImportMs(
      services,
      'Mapped import benchmark',
      content,
      'plan.csv',
      ROWS,
      choices,
    );
    return {
      case: 'import-mapped',
      value: Math.round(value),
      unit: 'ms',
      anchor: 'parsing the same CSV with csv-parse',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(2)),
    };
  },
};
