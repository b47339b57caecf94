import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';
import { DEMO_AUTHORITY, seeded } from './demo-communities.ts';

/**
 * Two of the demo district's services with monitoring of their users, made up by a seeded
 * generator and laid out as the exports such services keep (a reference, the answers, other
 * columns that are not monitoring and are left out):
 * - Parks and open spaces: a users' survey in two years, asking ethnic group, disability, sex
 *   and age, in which ethnic minority residents and disabled people take part less than their
 *   share of the district (the pattern seed 004 describes: "Parks captures nothing");
 * - Housing options: applicants in one year, asking more questions, where ethnic minority
 *   households and disabled people are over-represented (housing need), and one in four prefers
 *   not to give a sexual orientation.
 */
type Weights = Record<string, number>;

interface Profile {
  people: number;
  ethnic: Weights;
  disabled: number;
  preferNot: number;
  blank: number;
  questions: ('ethnic' | 'disability' | 'sex' | 'age' | 'sexual' | 'carer')[];
}

const DETAILED: Record<string, string[]> = {
  asian: ['Indian', 'Pakistani', 'Bangladeshi', 'Chinese', 'Other Asian'],
  black: ['African', 'Caribbean', 'Other Black'],
  mixed: ['White and Asian', 'White and Black Caribbean', 'White and Black African', 'Other Mixed'],
  white: ['White British', 'White British', 'White British', 'White British', 'Irish', 'Other White', 'Roma'],
  other: ['Arab', 'Any other ethnic group'],
};
const AGES = ['16 to 24', '25 to 34', '35 to 44', '45 to 54', '55 to 64', '65 to 74', '75 or over'];

function personFile(profile: Profile, seed: number): string {
  const random = seeded(seed);
  const weighted = (weights: Weights) => {
    let roll = random() * Object.values(weights).reduce((a, b) => a + b, 0);
    for (const [key, weight] of Object.entries(weights)) {
      roll -= weight;
      if (roll <= 0) return key;
    }
    return Object.keys(weights)[0]!;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const answer = (value: () => string) =>
    random() < profile.preferNot ? 'Prefer not to say' : random() < profile.blank ? '' : value();
  const headings = ['Reference', 'Visited'];
  const columns = {
    ethnic: 'Ethnic group',
    disability: 'Disability',
    sex: 'Sex',
    age: 'Age band',
    sexual: 'Sexual orientation',
    carer: 'Carer',
  };
  headings.push(...profile.questions.map((question) => columns[question]));
  const rows = [headings.join(',')];
  for (let index = 0; index < profile.people; index += 1) {
    const values: Record<string, () => string> = {
      ethnic: () => pick(DETAILED[weighted(profile.ethnic)]!),
      disability: () => (random() < profile.disabled ? 'Yes' : 'No'),
      sex: () => (random() < 0.53 ? 'Female' : 'Male'),
      age: () => pick(AGES),
      sexual: () =>
        weighted({
          'Straight or heterosexual': 0.9,
          'Gay or lesbian': 0.04,
          Bisexual: 0.04,
          'Other sexual orientation': 0.02,
        }),
      carer: () => (random() < 0.12 ? 'Yes' : 'No'),
    };
    rows.push(
      [
        `R${String(seed).padStart(3, '0')}${String(index).padStart(5, '0')}`,
        pick(['Town park', 'Country park', 'Play area', 'Sports pitch']),
        ...profile.questions.map((question) => answer(values[question]!)),
      ]
        .map((cell) => (cell.includes(',') ? `"${cell}"` : cell))
        .join(','),
    );
  }
  return rows.join('\n');
}

const PARKS: Profile = {
  people: 0,
  ethnic: { asian: 0.02, black: 0.006, mixed: 0.015, white: 0.95, other: 0.006 },
  disabled: 0.09,
  preferNot: 0.06,
  blank: 0.08,
  questions: ['ethnic', 'disability', 'sex', 'age'],
};

const HOUSING: Profile = {
  people: 640,
  ethnic: { asian: 0.09, black: 0.05, mixed: 0.05, white: 0.79, other: 0.02 },
  disabled: 0.31,
  preferNot: 0.05,
  blank: 0.03,
  questions: ['ethnic', 'disability', 'sex', 'age', 'sexual', 'carer'],
};

export function demoMonitoringFiles() {
  return [
    { service: 'Parks and open spaces', period: '2024-25', text: personFile({ ...PARKS, people: 820 }, 41) },
    { service: 'Parks and open spaces', period: '2025-26', text: personFile({ ...PARKS, people: 960 }, 42) },
    { service: 'Housing options', period: '2025-26', text: personFile(HOUSING, 43) },
  ];
}

export async function seedDemoMonitoring(
  services: Services,
  organisationId: string,
  actor: Actor,
): Promise<void> {
  const ids = new Map<string, string>();
  for (const file of demoMonitoringFiles()) {
    if (!ids.has(file.service))
      ids.set(
        file.service,
        await services.monitoring.createService(actor, organisationId, {
          name: file.service,
          catchmentAreaCode: DEMO_AUTHORITY.code,
        }),
      );
    await services.monitoring.importPeriod(actor, organisationId, ids.get(file.service)!, {
      period: file.period,
      fileName: `${file.service.toLowerCase().replace(/\W+/g, '-')}-${file.period}.csv`,
      text: file.text,
    });
  }
}
