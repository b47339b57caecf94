import ExcelJS from 'exceljs';
import { COMMAND_LINE_ACTOR } from '../../src/platform/audit/audit.ts';
import { planXlsx } from '../../src/features/action-plan/plan-export.ts';
import { readPlanBuffer } from '../../src/features/action-plan/plan-files.ts';
import type { ColumnChoice } from '../../src/features/action-plan/plan-columns.ts';
import type { Services } from '../../src/services.ts';
import type { BenchCase } from '../harness.ts';
import { largePlan } from './plan.ts';

const ROWS = 2000;
const RUNS = 9;

/**
 * The median of RUNS timings of `run`, after one untimed warm-up run: the first run pays for
 * starting the file-reading worker and compiling its code, which a server pays once, not per
 * import. `prepare` (say, a fresh organisation to import into) is not timed.
 */
export async function medianMs<T>(
  run: (prepared: T) => Promise<unknown>,
  prepare?: () => Promise<T>,
): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index <= RUNS; index += 1) {
    const prepared = (await prepare?.()) as T;
    const start = performance.now();
    await run(prepared);
    if (index > 0) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/**
 * The median time to read `content` as `fileName` and import it into a fresh organisation (made
 * outside the timing), checking every row arrived.
 */
export function medianImportMs(
  services: Services,
  label: string,
  content: Buffer,
  fileName: string,
  rows: number,
  choices?: Map<string, ColumnChoice>,
): Promise<number> {
  let run = 0;
  return medianMs(
    async (organisation: { id: string }) => {
      const { parsed } = await readPlanBuffer(content, fileName, choices, undefined, false);
      const result = await services.actionPlan.importDirect(
        COMMAND_LINE_ACTOR,
        organisation.id,
        fileName,
        parsed,
      );
      if (result.imported !== rows)
        throw new Error(
          `Imported ${result.imported} of ${rows} rows: ${JSON.stringify(result.problems.slice(0, 3))}`,
        );
    },
    () => {
      run += 1;
      return services.organisations.create(COMMAND_LINE_ACTOR, {
        name: `${label} ${run}`,
        slug: `${label.toLowerCase().replace(/\W+/g, '-')}-${run}`,
      });
    },
  );
}

/**
 * Importing a 2,000-row Excel plan end to end (read, parse, check, commit in one transaction),
 * against the anchor of merely opening the same workbook with exceljs.
 */
export const importCase: BenchCase = {
  name: 'import',
  description: `import of a ${ROWS}-row Excel plan (ms) against opening the same workbook`,
  async run(server) {
    const { services } = server.equalis;
    const plan = largePlan(ROWS);
    const workbook = await planXlsx({
      title: 'Benchmark equality action plan',
      areas: plan.areas.map((area) => ({
        ...area,
        actions: area.actions.map((a) => ({
          reference: a.reference,
          text: a.text,
          targetText: a.target.text,
          leads: a.leads,
          partners: a.partners,
          criteriaRefs: a.criteria,
          strands: a.strands,
          children: [],
        })),
      })),
    });
    const anchorValue = await medianMs(() =>
      new ExcelJS.Workbook().xlsx.load(workbook as unknown as ArrayBuffer),
    );
    const value = await medianImportMs(services, 'Import benchmark', workbook, 'plan.xlsx', ROWS);
    return {
      case: 'import',
      value: Math.round(value),
      unit: 'ms',
      anchor: 'opening the same workbook with exceljs',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(2)),
    };
  },
};
