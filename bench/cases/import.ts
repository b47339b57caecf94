import ExcelJS from 'exceljs';
import { COMMAND_LINE_ACTOR } from '../../src/platform/audit/audit.ts';
import { planXlsx } from '../../src/features/action-plan/plan-export.ts';
import { readPlanBuffer } from '../../src/features/action-plan/plan-files.ts';
import type { BenchCase } from '../harness.ts';
import { largePlan } from './plan.ts';

const ROWS = 2000;
const RUNS = 3;

export async function medianMs(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
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
    let run = 0;
    const anchorValue = await medianMs(() =>
      new ExcelJS.Workbook().xlsx.load(workbook as unknown as ArrayBuffer),
    );
    const value = await medianMs(async () => {
      run += 1;
      const organisation = await services.organisations.create(COMMAND_LINE_ACTOR, {
        name: `Import benchmark ${run}`,
        slug: `import-benchmark-${run}`,
      });
      const { parsed } = await readPlanBuffer(workbook, 'plan.xlsx', undefined, undefined, false);
      const result = await services.actionPlan.importDirect(
        COMMAND_LINE_ACTOR,
        organisation.id,
        'plan.xlsx',
        parsed,
      );
      if (result.imported !== ROWS)
        throw new Error(
          `Imported ${result.imported} of ${ROWS} rows: ${JSON.stringify(result.problems.slice(0, 3))}`,
        );
    });
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
