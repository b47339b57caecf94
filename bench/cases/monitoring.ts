import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { COMMAND_LINE_ACTOR } from '../../src/platform/audit/audit.ts';
import { DEMO_AUTHORITY, seeded } from '../../src/demo/demo-communities.ts';
import type { BenchCase } from '../harness.ts';

const PEOPLE = 1_000_000;
const PAGE_RUNS = 15;

async function median(runs: number, run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** A million users of a service, one row each: ethnic group, disability, sex and age band. */
function peopleFile(): string {
  const random = seeded(2026);
  const ethnic = ['White British', 'White British', 'White British', 'Indian', 'Pakistani', 'African'];
  const more = ['Caribbean', 'Irish', 'Other White', 'Arab', 'White and Asian', 'Prefer not to say', ''];
  const ages = ['16 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 to 74', '75 or over'];
  const lines = ['Ethnic group,Disability,Sex,Age band'];
  for (let index = 0; index < PEOPLE; index += 1) {
    const group =
      random() < 0.8
        ? ethnic[Math.floor(random() * ethnic.length)]
        : more[Math.floor(random() * more.length)];
    lines.push(
      `${group},${random() < 0.18 ? 'Yes' : 'No'},${random() < 0.52 ? 'Female' : 'Male'},${ages[Math.floor(random() * ages.length)]}`,
    );
  }
  return lines.join('\n');
}

/**
 * One million person-level monitoring rows imported for a service of the demo district (read in
 * the worker, checked, kept as aggregates and crossed pairs), then the disparity page's query
 * (the service's report: every question against the district's census figures). Anchors: DuckDB
 * reading the same CSV and grouping each question (import), and DuckDB's GROUP BY of each
 * question over the raw rows already loaded (the page). Goal: the page's query ≤ 1× DuckDB's.
 */
export const monitoringCase: BenchCase = {
  name: 'monitoring-1m',
  description: 'a million monitoring rows imported, then the disparity page query, against DuckDB GROUP BY',
  async run(server) {
    const { services } = server.equalis;
    const text = peopleFile();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'equalis-bench-')), 'people.csv');
    fs.writeFileSync(file, text);
    const district = (await services.organisations.findBySlug('demo-district'))!;
    const serviceId = await services.monitoring.createService(COMMAND_LINE_ACTOR, district.id, {
      name: `Benchmark service ${Date.now()}`,
      catchmentAreaCode: DEMO_AUTHORITY.code,
    });

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const grouped = (from: string) =>
      ['"Ethnic group"', 'Disability', 'Sex', '"Age band"']
        .map(
          (column) =>
            `select '${column}' as q, ${column}::text as a, count(*) as n from ${from} group by all`,
        )
        .join(' union all ');
    const anchorImport = await median(3, async () => {
      await duck.run(
        `create or replace table people as select * from read_csv('${file}', all_varchar = true)`,
      );
      await duck.runAndReadAll(grouped('people'));
    });
    const anchorPage = await median(PAGE_RUNS, async () => {
      await duck.runAndReadAll(grouped('people'));
    });

    const started = performance.now();
    const imported = await services.monitoring.importPeriod(COMMAND_LINE_ACTOR, district.id, serviceId, {
      period: '2025-26',
      fileName: 'people.csv',
      text,
    });
    const importMs = performance.now() - started;
    if (imported.people !== PEOPLE) throw new Error(`Imported ${imported.people} people, not ${PEOPLE}`);
    let flagged = 0;
    const page = await median(PAGE_RUNS, async () => {
      const report = await services.monitoring.report(district.id, serviceId);
      flagged = report.comparisons.flatMap((comparison) => comparison.rows).filter((row) => row.flag).length;
    });
    return {
      case: 'monitoring-1m',
      value: Number(page.toFixed(1)),
      unit: 'ms',
      anchor: 'DuckDB GROUP BY of each question over the raw rows',
      anchorValue: Number(anchorPage.toFixed(1)),
      ratio: Number((page / anchorPage).toFixed(2)),
      details: {
        importMs: Math.round(importMs),
        duckdbImportMs: Math.round(anchorImport),
        importRatio: Number((importMs / anchorImport).toFixed(2)),
        flaggedGroups: flagged,
      },
    };
  },
};
