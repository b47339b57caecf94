import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { COMMAND_LINE_ACTOR } from '../../src/platform/audit/audit.ts';
import type { BenchCase } from '../harness.ts';

const RUNS = 3;

function sharedData(relative: string): string {
  const root = process.env.EQUALIS_SHARED_DIR ?? path.resolve('..', 'shared');
  return path.join(root, 'data', relative);
}

/**
 * A lookup in ONS's OA21CD,LSOA21CD,LAD22CD layout for every Output Area in the file: five OAs to
 * a made-up LSOA, a hundred to a made-up authority (real lookups are not in the shared data; the
 * shape and the sizes, 188,880 → 37,776 → 1,889, are what matter).
 */
function generatedLookup(oaCodes: string[]): string {
  const lines = ['OA21CD,LSOA21CD,LSOA21NM,LAD22CD,LAD22NM'];
  oaCodes.forEach((oa, index) => {
    const lsoa = `E019${String(Math.floor(index / 5)).padStart(5, '0')}`;
    const lad = `E069${String(Math.floor(index / 100)).padStart(5, '0')}`;
    lines.push(`${oa},${lsoa},Area ${lsoa},${lad},Authority ${lad}`);
  });
  return `${lines.join('\n')}\n`;
}

async function median(run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/**
 * The national Output Area sex table (TS008, 188,880 rows, coded columns with a metadata table)
 * imported into a fresh organisation that already holds an OA → LSOA → LAD lookup: read in the
 * worker, checked, written and rolled up to every LSOA and authority in one transaction. The
 * anchor is DuckDB reading the same CSV and the same lookup and grouping them to both levels.
 */
export const censusNationalCase: BenchCase = {
  name: 'census-national',
  description:
    'import of the national OA TS008 file rolled up through an OA→LSOA→LAD lookup (ms) against DuckDB',
  async run(server) {
    const { services } = server.equalis;
    const dataFile = sharedData('census/oa/ts008_sex_oa_2021_ew.csv');
    const text = fs.readFileSync(dataFile, 'utf8');
    const metadata = fs.readFileSync(sharedData('census/oa/ts008_metadata.csv'), 'utf8');
    const oaCodes = text
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[0]!);
    const lookup = generatedLookup(oaCodes);
    const lookupFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-bench-')), 'lookup.csv');
    fs.writeFileSync(lookupFile, lookup);

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const grouped = `
      with oa as (select * from read_csv('${dataFile}')),
           lk as (select * from read_csv('${lookupFile}'))
      select count(*) as areas from (
        select lk.LSOA21CD as area, sum(ts0080002) as female, sum(ts0080003) as male
          from oa join lk on lk.OA21CD = oa.OA group by lk.LSOA21CD
        union all
        select lk.LAD22CD, sum(ts0080002), sum(ts0080003)
          from oa join lk on lk.OA21CD = oa.OA group by lk.LAD22CD)`;
    let anchorAreas = 0;
    const anchorValue = await median(async () => {
      const result = await duck.runAndReadAll(grouped);
      anchorAreas = Number(result.getRows()[0]![0]);
    });

    let run = 0;
    let rolledUp = 0;
    const organisations: string[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      run += 1;
      const organisation = await services.organisations.create(COMMAND_LINE_ACTOR, {
        name: `National census ${run}`,
        slug: `national-census-${run}-${Date.now()}`,
      });
      await services.communities.importLookup(COMMAND_LINE_ACTOR, organisation.id, 'lookup.csv', lookup);
      organisations.push(organisation.id);
    }
    let next = 0;
    const value = await median(async () => {
      const result = await services.communities.importDataset(
        COMMAND_LINE_ACTOR,
        organisations[next++]!,
        'ts008_sex_oa_2021_ew.csv',
        text,
        undefined,
        { metadata },
      );
      rolledUp = result.rolledUpAreas;
    });
    if (rolledUp !== anchorAreas)
      throw new Error(`Equalis rolled up to ${rolledUp} areas, DuckDB grouped ${anchorAreas}`);
    return {
      case: 'census-national',
      value: Math.round(value),
      unit: 'ms',
      anchor: 'DuckDB reading the CSV and the lookup and grouping to LSOA and LAD',
      anchorValue: Math.round(anchorValue),
      ratio: Number((value / anchorValue).toFixed(2)),
      details: { outputAreas: oaCodes.length, rolledUpAreas: rolledUp },
    };
  },
};
