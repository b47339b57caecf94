import type { Strand } from '../platform/characteristics.ts';
import type { Lead, Target } from '../features/action-plan/plan-fields.ts';
import type { ParsedAction, ParsedPlan } from '../features/action-plan/plan-parser.ts';
import { MONTH_NAMES as MONTHS } from '../features/action-plan/plan-fields.ts';

/**
 * A plausible corporate equality action plan for the fictional Demo District Council, written for
 * the demo (not taken from any council's plan). Targets are set relative to the day the demo is
 * created, so its statuses always show a realistic mix: done, on track, due soon and overdue.
 */
type DemoAction = [
  reference: string,
  text: string,
  monthsFromNow: number | 'ongoing' | 'done',
  leads: string,
  criteria: string,
  strands: Strand[],
];

const AREAS: { title: string; description: string; actions: DemoAction[] }[] = [
  {
    title: 'Understanding and working with your communities',
    description:
      'Know who lives in the district, how that is changing, and use it to set priorities with partners.',
    actions: [
      [
        '1.1',
        'Publish a district equality profile from Census 2021 data, with ward-level maps and a plain-English summary.',
        'done',
        'Priya Shah',
        '1.1 1.2',
        ['all'],
      ],
      [
        '1.2',
        'Agree a data-sharing protocol with the county council, police and NHS partners for equality monitoring data.',
        2,
        'Priya Shah/ Community Safety Partnership (Dev Patel)',
        '1.3',
        ['all'],
      ],
      [
        '1.3',
        'Add equality monitoring questions, each with "Prefer not to say", to the housing register application.',
        -1,
        'Tom Evans',
        '1.4',
        ['race', 'disability', 'age', 'sexual_orientation'],
      ],
      [
        '1.4',
        'Meet the Gypsy and Traveller liaison group twice a year and report what we hear to the equality group.',
        'ongoing',
        'Priya Shah',
        '1.5',
        ['race'],
      ],
    ],
  },
  {
    title: 'Leadership, partnership and organisational commitment',
    description: 'Leaders own the equality objectives, and every significant decision shows due regard.',
    actions: [
      [
        '2.1',
        'Run equality impact assessment training for heads of service and report attendance to scrutiny.',
        4,
        'Priya Shah/ Learning and Development Team',
        '2.1',
        ['all'],
      ],
      [
        '2.2',
        'Add an equality implications section to every committee report template.',
        'done',
        'Democratic Services',
        '2.2',
        ['all'],
      ],
      [
        '2.3',
        'Review the equality objectives with councillors and publish progress on the website.',
        7,
        'Priya Shah/ Alex Morgan',
        '2.3 2.4',
        ['all'],
      ],
    ],
  },
  {
    title: 'Responsive services and customer care',
    description: 'Services meet people’s different needs, and complaints tell us where they do not.',
    actions: [
      [
        '3.1',
        'Make the council tax reduction online form usable with a screen reader and by keyboard alone.',
        1,
        'Digital Services Team',
        '3.1',
        ['disability', 'age'],
      ],
      [
        '3.2',
        'Offer interpreting in the ten most requested community languages at the customer service centre.',
        3,
        'Tom Evans',
        '3.2',
        ['race'],
      ],
      [
        '3.3',
        'Analyse housing complaints by protected characteristic each quarter and act on differences.',
        'ongoing',
        'Tom Evans/ Priya Shah',
        '3.3',
        ['all'],
      ],
      [
        '3.4',
        'Install a Changing Places toilet at the leisure centre.',
        9,
        'Property Services (Sian Lloyd)',
        '3.4',
        ['disability'],
      ],
    ],
  },
  {
    title: 'Diverse and engaged workforce',
    description:
      'The workforce reflects the district, is paid fairly, and feels it is treated with dignity and respect.',
    actions: [
      [
        '4.1',
        'Publish the gender pay gap and a first voluntary ethnicity pay gap report.',
        2,
        'HR Business Partners (Rachel Green)',
        '4.1',
        ['sex', 'race'],
      ],
      [
        '4.2',
        'Set up staff networks for disabled staff and for LGBT+ staff, each with a senior sponsor.',
        'done',
        'HR Business Partners',
        '4.2',
        ['disability', 'sexual_orientation', 'gender_reassignment'],
      ],
      [
        '4.3',
        'Guarantee an interview to disabled applicants who meet the essential criteria, and monitor the outcomes.',
        'ongoing',
        'HR Business Partners',
        '4.3',
        ['disability'],
      ],
    ],
  },
];

/** Partner organisations named on some demo actions (all fictional). */
const DEMO_PARTNERS: Record<string, string[]> = {
  '1.2': ['Demo County Council', 'Northshire Police', 'NHS Northshire Integrated Care Board'],
  '1.4': ['Northshire Traveller Liaison Group'],
  '3.4': ['Changing Places Consortium'],
};

function targetFor(when: DemoAction[2], today: Date): Target {
  if (when === 'ongoing') return { kind: 'ongoing', text: 'On-going' };
  if (when === 'done') return { kind: 'completed', text: 'Completed', completedOn: null };
  const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + when + 1, 0));
  const end = month.toISOString().slice(0, 10);
  return {
    kind: 'date',
    text: `${MONTHS[month.getUTCMonth()]} ${month.getUTCFullYear()}`,
    end,
    precision: 'month',
  };
}

function leadsOf(text: string): Lead[] {
  return text.split('/').map((part) => {
    const match = /^(.+?) \((.+)\)$/.exec(part.trim());
    return match ? { name: match[2]!, team: match[1]! } : { name: part.trim(), team: null };
  });
}

export function demoActionPlan(today: Date): ParsedPlan {
  let line = 0;
  return {
    title: 'Demo District Council equality action plan 2025 – 2029',
    versionLabel: null,
    problems: [],
    areas: AREAS.map((area) => ({
      title: area.title,
      description: area.description,
      criteriaHeading: 'EFLG',
      actions: area.actions.map<ParsedAction>(([reference, text, when, leads, criteria, strands]) => ({
        reference,
        parentReference: null,
        text,
        target: targetFor(when, today),
        leads: leadsOf(leads),
        partners: DEMO_PARTNERS[reference] ?? [],
        criteria: criteria.split(' '),
        strands,
        linkedTo: null,
        line: (line += 1),
      })),
    })),
  };
}

/** A few progress updates, so the plan shows history and a mix of states. */
export const DEMO_PROGRESS: {
  reference: string;
  by: string;
  note: string;
  state: 'on_track' | 'at_risk' | 'completed';
  percent: number | null;
}[] = [
  {
    reference: '1.2',
    by: 'equality.lead@demo-district.example',
    note: 'Draft protocol shared with partners; police and NHS have agreed the data items.',
    state: 'on_track',
    percent: 60,
  },
  {
    reference: '3.1',
    by: 'admin@demo-district.example',
    note: 'Accessibility audit found 14 issues; supplier has fixed 4 so far.',
    state: 'at_risk',
    percent: 30,
  },
  {
    reference: '3.2',
    by: 'lead.officer@demo-district.example',
    note: 'Contract with the interpreting service signed; staff briefing booked.',
    state: 'on_track',
    percent: 50,
  },
];

/** Two objectives for the demo, each delivered by actions of the demo plan (by reference). */
export function demoObjectives(today: Date) {
  const year = today.getUTCFullYear();
  return [
    {
      actions: ['1.1', '1.2', '1.3', '3.3'],
      values: {
        reference: 'EO1',
        title: 'Understand who uses our housing services and close the gaps in satisfaction',
        description:
          'Housing complaints from disabled tenants and from Black and minority ethnic tenants are higher than their share of tenancies.',
        kind: 'service' as const,
        ways: [
          'Collect equality monitoring data for every housing application',
          'Share data with partners under an agreed protocol',
          'Analyse complaints by protected characteristic each quarter',
        ],
        ownerName: 'Head of Housing',
        periodStart: `${year - 1}-04-01`,
        reviewDue: `${year + 2}-03-31`,
        indicators:
          'Housing satisfaction survey results by ethnicity and disability; complaint rates per 1,000 tenancies.',
        criteriaRefs: ['1.1', '1.4', '3.3'],
        status: 'active' as const,
      },
    },
    {
      actions: ['4.1', '4.2', '4.3', '2.1'],
      values: {
        reference: 'EO2',
        title: 'Build a workforce that reflects the district at every grade',
        description: null,
        kind: 'organisational' as const,
        ways: [
          'Publish pay gap reports every year',
          'Support staff networks',
          'Make recruitment accessible to disabled applicants',
        ],
        ownerName: 'Director of Resources',
        periodStart: `${year - 1}-04-01`,
        reviewDue: `${year + 2}-03-31`,
        indicators:
          'Workforce profile against the Census 2021 profile of the district; gender and ethnicity pay gaps.',
        criteriaRefs: ['4.1', '4.2'],
        status: 'active' as const,
      },
    },
  ];
}
