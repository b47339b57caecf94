import { parseArgs } from 'node:util';
import { censusNationalCase } from './cases/census-national.ts';
import { dashboardCase } from './cases/dashboard.ts';
import { paygapCase } from './cases/paygap.ts';
import { workforceCase } from './cases/workforce.ts';
import { importCase } from './cases/import.ts';
import { importMappedCase } from './cases/import-mapped.ts';
import { loadCase } from './cases/load.ts';
import { mapCase } from './cases/map.ts';
import { eqiaProgrammeCase } from './cases/eqia-programme.ts';
import { monitoringCase } from './cases/monitoring.ts';
import { planCase } from './cases/plan.ts';
import { readinessCase } from './cases/readiness.ts';
import { profileCase } from './cases/profile.ts';
import { startAgainCase, startFirstCase } from './cases/start.ts';
import { startDemoServer } from '../test/helpers/demo-server.ts';
import type { BenchCase, BenchResult } from './harness.ts';

/** Every benchmark case; later features add theirs here. */
const cases: BenchCase[] = [
  startFirstCase,
  startAgainCase,
  dashboardCase,
  planCase,
  importCase,
  importMappedCase,
  readinessCase,
  profileCase,
  mapCase,
  eqiaProgrammeCase,
  monitoringCase,
  censusNationalCase,
  paygapCase,
  workforceCase,
  loadCase,
];

const usage = `Usage: npm run bench -- [--json] [--case NAME]

Measures each case against an anchor measured in the same run and prints the ratio.
  --json        print a JSON array of {case, value, unit, anchor, anchorValue, ratio}
  --case NAME   run one case (${cases.map((c) => c.name).join(', ')})
  --help        show this help`;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    case: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const selected = values.case ? cases.filter((c) => c.name === values.case) : cases;
if (selected.length === 0) {
  console.error(`Unknown case "${values.case}".\n\n${usage}`);
  process.exit(1);
}

const server = await startDemoServer();
const results: BenchResult[] = [];
try {
  for (const benchCase of selected) {
    if (!values.json) console.error(`Running ${benchCase.name}: ${benchCase.description}…`);
    results.push(await benchCase.run(server));
  }
} finally {
  await server.close();
}

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.table(
    results.map((r) => ({
      case: r.case,
      value: `${r.value} ${r.unit}`,
      anchor: r.anchor,
      'anchor value': `${r.anchorValue} ${r.unit}`,
      ratio: r.ratio,
      details: r.details
        ? Object.entries(r.details)
            .map(([name, figure]) => `${name} ${figure}`)
            .join(', ')
        : '',
    })),
  );
}
