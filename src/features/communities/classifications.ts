/**
 * The categories a dataset counts people in, as ONS publishes them for Census 2021, with codes
 * that stay the same whatever a file calls them. A file's labels are matched to categories by
 * their words (case, punctuation and "and"/"&" aside), so "Asian, Asian British or Asian Welsh"
 * and "Asian, Asian British or Asian Welsh: Total" both find `asian`.
 */
export interface Category {
  code: string;
  label: string;
  /** Other ways files write it. */
  aliases?: readonly string[];
}

export interface Classification {
  id: string;
  title: string;
  /** The characteristic it describes, as Equalis's strands name them. */
  characteristic: string;
  categories: readonly Category[];
  /** Labels files add that are sums of categories ("Provides some care"): known, and left out. */
  subtotals?: readonly string[];
}

const ETHNIC_GROUP_5: readonly Category[] = [
  { code: 'asian', label: 'Asian, Asian British or Asian Welsh', aliases: ['Asian'] },
  { code: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African', aliases: ['Black'] },
  { code: 'mixed', label: 'Mixed or Multiple ethnic groups', aliases: ['Mixed'] },
  { code: 'white', label: 'White' },
  { code: 'other', label: 'Other ethnic group', aliases: ['Other'] },
];

/** The 19 detailed groups of Census 2021 (ONS's "20 categories" adds "Does not apply"). */
const ETHNIC_GROUP_20: readonly Category[] = [
  {
    code: 'asian_bangladeshi',
    label: 'Asian, Asian British or Asian Welsh: Bangladeshi',
    aliases: ['Bangladeshi'],
  },
  { code: 'asian_chinese', label: 'Asian, Asian British or Asian Welsh: Chinese', aliases: ['Chinese'] },
  { code: 'asian_indian', label: 'Asian, Asian British or Asian Welsh: Indian', aliases: ['Indian'] },
  {
    code: 'asian_pakistani',
    label: 'Asian, Asian British or Asian Welsh: Pakistani',
    aliases: ['Pakistani'],
  },
  {
    code: 'asian_other',
    label: 'Asian, Asian British or Asian Welsh: Other Asian',
    aliases: ['Other Asian'],
  },
  {
    code: 'black_african',
    label: 'Black, Black British, Black Welsh, Caribbean or African: African',
    aliases: ['African'],
  },
  {
    code: 'black_caribbean',
    label: 'Black, Black British, Black Welsh, Caribbean or African: Caribbean',
    aliases: ['Caribbean'],
  },
  {
    code: 'black_other',
    label: 'Black, Black British, Black Welsh, Caribbean or African: Other Black',
    aliases: ['Other Black'],
  },
  {
    code: 'mixed_white_asian',
    label: 'Mixed or Multiple ethnic groups: White and Asian',
    aliases: ['White and Asian'],
  },
  {
    code: 'mixed_white_black_african',
    label: 'Mixed or Multiple ethnic groups: White and Black African',
    aliases: ['White and Black African'],
  },
  {
    code: 'mixed_white_black_caribbean',
    label: 'Mixed or Multiple ethnic groups: White and Black Caribbean',
    aliases: ['White and Black Caribbean'],
  },
  {
    code: 'mixed_other',
    label: 'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups',
    aliases: ['Other Mixed or Multiple ethnic groups', 'Other Mixed'],
  },
  {
    code: 'white_british',
    label: 'White: English, Welsh, Scottish, Northern Irish or British',
    aliases: ['English, Welsh, Scottish, Northern Irish or British'],
  },
  { code: 'white_irish', label: 'White: Irish', aliases: ['Irish'] },
  {
    code: 'white_gypsy_traveller',
    label: 'White: Gypsy or Irish Traveller',
    aliases: ['Gypsy or Irish Traveller'],
  },
  { code: 'white_roma', label: 'White: Roma', aliases: ['Roma'] },
  { code: 'white_other', label: 'White: Other White', aliases: ['Other White'] },
  { code: 'other_arab', label: 'Other ethnic group: Arab', aliases: ['Arab'] },
  {
    code: 'other_any',
    label: 'Other ethnic group: Any other ethnic group',
    aliases: ['Any other ethnic group'],
  },
];

export const CLASSIFICATIONS: readonly Classification[] = [
  {
    id: 'ethnic-group-5',
    title: 'Ethnic group (5 broad groups), Census 2021',
    characteristic: 'race',
    categories: ETHNIC_GROUP_5,
  },
  {
    id: 'ethnic-group-8',
    title: 'Ethnic group (8 groups), Census 2021',
    characteristic: 'race',
    categories: [
      ...ETHNIC_GROUP_5.filter((category) => category.code !== 'white'),
      { code: 'white_british', label: 'White: English, Welsh, Scottish, Northern Irish or British' },
      { code: 'white_irish', label: 'White: Irish' },
      { code: 'white_other', label: 'White: Gypsy or Irish Traveller, Roma or Other White' },
    ],
  },
  {
    id: 'ethnic-group-20',
    title: 'Ethnic group (19 detailed groups), Census 2021',
    characteristic: 'race',
    categories: ETHNIC_GROUP_20,
  },
  {
    id: 'ethnic-group-2011',
    title: 'Ethnic group (18 groups), Census 2011',
    characteristic: 'race',
    // 2011 had no Roma category: Roma people then answered "Other White" (see ETHNIC_2011_TO_2021).
    categories: ETHNIC_GROUP_20.filter((category) => category.code !== 'white_roma'),
  },
  {
    id: 'religion-10',
    title: 'Religion, Census 2021',
    characteristic: 'religion',
    categories: [
      { code: 'none', label: 'No religion' },
      { code: 'christian', label: 'Christian' },
      { code: 'buddhist', label: 'Buddhist' },
      { code: 'hindu', label: 'Hindu' },
      { code: 'jewish', label: 'Jewish' },
      { code: 'muslim', label: 'Muslim' },
      { code: 'sikh', label: 'Sikh' },
      { code: 'other', label: 'Other religion' },
      { code: 'not_answered', label: 'Not answered', aliases: ['Religion not stated', 'Not stated'] },
    ],
  },
  {
    id: 'sexual-orientation-6',
    title: 'Sexual orientation, usual residents aged 16 and over, Census 2021',
    characteristic: 'sexual_orientation',
    categories: [
      { code: 'straight', label: 'Straight or Heterosexual' },
      { code: 'gay_lesbian', label: 'Gay or Lesbian' },
      { code: 'bisexual', label: 'Bisexual' },
      { code: 'other', label: 'All other sexual orientations' },
      { code: 'not_answered', label: 'Not answered' },
    ],
  },
  {
    id: 'sexual-orientation-4',
    title: 'Sexual orientation (3 groups), usual residents aged 16 and over, Census 2021',
    characteristic: 'sexual_orientation',
    categories: [
      { code: 'straight', label: 'Straight or Heterosexual' },
      { code: 'lgb_plus', label: 'Lesbian, Gay, Bisexual, or Other (LGB+)' },
      { code: 'not_answered', label: 'Not answered' },
    ],
  },
  {
    id: 'gender-identity-7',
    title: 'Gender identity, usual residents aged 16 and over, Census 2021',
    characteristic: 'gender_reassignment',
    categories: [
      { code: 'same', label: 'Gender identity the same as sex registered at birth' },
      {
        code: 'different',
        label: 'Gender identity different from sex registered at birth but no specific identity given',
      },
      { code: 'trans_woman', label: 'Trans woman' },
      { code: 'trans_man', label: 'Trans man' },
      { code: 'other', label: 'All other gender identities' },
      { code: 'not_answered', label: 'Not answered' },
    ],
  },
  {
    id: 'sex',
    title: 'Sex, Census 2021',
    characteristic: 'sex',
    categories: [
      { code: 'female', label: 'Female' },
      { code: 'male', label: 'Male' },
    ],
  },
  {
    id: 'age-8',
    title: 'Age (8 bands), Census 2021',
    characteristic: 'age',
    categories: [
      { code: '0-15', label: 'Aged 15 years and under' },
      { code: '16-24', label: 'Aged 16 to 24 years' },
      { code: '25-34', label: 'Aged 25 to 34 years', aliases: ['25-34'] },
      { code: '35-44', label: 'Aged 35 to 44 years', aliases: ['35-44'] },
      { code: '45-54', label: 'Aged 45 to 54 years', aliases: ['45-54'] },
      { code: '55-64', label: 'Aged 55 to 64 years', aliases: ['55-64'] },
      { code: '65-74', label: 'Aged 65 to 74 years', aliases: ['65-74'] },
      { code: '75+', label: 'Aged 75 years and over', aliases: ['75plus', '75+'] },
    ],
  },
  {
    // The bands ONS's area quiz uses: children to 14, then ten-year bands.
    id: 'age-8-from-15',
    title: 'Age (8 bands from 15), Census 2021',
    characteristic: 'age',
    categories: [
      { code: '0-14', label: 'Aged 14 years and under', aliases: ['0-14'] },
      { code: '15-24', label: 'Aged 15 to 24 years', aliases: ['15-24'] },
      { code: '25-34', label: 'Aged 25 to 34 years', aliases: ['25-34'] },
      { code: '35-44', label: 'Aged 35 to 44 years', aliases: ['35-44'] },
      { code: '45-54', label: 'Aged 45 to 54 years', aliases: ['45-54'] },
      { code: '55-64', label: 'Aged 55 to 64 years', aliases: ['55-64'] },
      { code: '65-74', label: 'Aged 65 to 74 years', aliases: ['65-74'] },
      { code: '75+', label: 'Aged 75 years and over', aliases: ['75plus', '75+'] },
    ],
  },
  {
    id: 'disability-ea-2',
    title: 'Disability under the Equality Act, Census 2021',
    characteristic: 'disability',
    categories: [
      { code: 'disabled', label: 'Disabled under the Equality Act' },
      { code: 'not_disabled', label: 'Not disabled under the Equality Act' },
    ],
  },
  {
    id: 'disability-ea-4',
    title: 'Disability under the Equality Act (how much day-to-day activities are limited), Census 2021',
    characteristic: 'disability',
    categories: [
      { code: 'limited_lot', label: 'Disabled under the Equality Act: Day-to-day activities limited a lot' },
      {
        code: 'limited_little',
        label: 'Disabled under the Equality Act: Day-to-day activities limited a little',
      },
      { code: 'not_disabled', label: 'Not disabled under the Equality Act' },
    ],
  },
  {
    id: 'general-health-3',
    title: 'General health (3 groups), Census 2021',
    characteristic: 'disability',
    categories: [
      { code: 'good', label: 'Good or very good health' },
      { code: 'fair', label: 'Fair health' },
      { code: 'bad', label: 'Bad or very bad health' },
    ],
  },
  {
    id: 'unpaid-care-3',
    title: 'Unpaid care (3 groups), usual residents aged 5 and over, Census 2021',
    characteristic: 'carers',
    categories: [
      { code: 'none', label: 'Provides no unpaid care' },
      { code: 'up_to_34', label: 'Provides up to 34 hours unpaid care a week', aliases: ['Up to 34 hours'] },
      {
        code: '35_plus',
        label: 'Provides 35 or more hours unpaid care a week',
        aliases: ['Provides 35 or more hours'],
      },
    ],
    subtotals: ['Provides some care', 'Provides unpaid care'],
  },
  {
    id: 'household-disability-2',
    title: 'Households by whether anyone in them is disabled, Census 2021',
    characteristic: 'disability',
    categories: [
      { code: 'none', label: 'No people disabled under the Equality Act in household', aliases: ['None'] },
      {
        code: 'one_or_more',
        label: 'One or more people disabled under the Equality Act in household',
        aliases: ['One or more in household'],
      },
    ],
  },
];

/**
 * Census 2011's ethnic groups in Census 2021's terms, so figures from the two compare: each 2011
 * category is the same 2021 category, except that 2021 added "Roma", whom 2011 counted as
 * "Other White". Comparing across censuses therefore uses 2021's groups with Roma folded into
 * Other White (ETHNIC_2021_COMPARABLE).
 */
export const ETHNIC_2011_TO_2021: ReadonlyMap<string, string> = new Map(
  ETHNIC_GROUP_20.filter((category) => category.code !== 'white_roma').map((category) => [
    category.code,
    category.code,
  ]),
);
export const ETHNIC_2021_COMPARABLE: ReadonlyMap<string, string> = new Map(
  ETHNIC_GROUP_20.map((category) => [
    category.code,
    category.code === 'white_roma' ? 'white_other' : category.code,
  ]),
);

/** Counts in one classification mapped into another's categories (several may fold into one). */
export function mapCounts(
  counts: ReadonlyMap<string, number>,
  mapping: ReadonlyMap<string, string>,
): Map<string, number> {
  const mapped = new Map<string, number>();
  for (const [code, value] of counts) {
    const into = mapping.get(code);
    if (into === undefined) throw new Error(`No mapping for category ${code}`);
    mapped.set(into, (mapped.get(into) ?? 0) + value);
  }
  return mapped;
}

/** A label reduced to its letters and digits: case, punctuation, spacing and "&"/"and" aside. */
function words(label: string): string {
  return label
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[:]\s*total$/, '')
    .replace(/[^a-z0-9+]+/g, '');
}

/** The category a file's label means, in this classification, or null. */
export function categoryFor(classification: Classification, label: string): Category | null {
  const wanted = words(label);
  return (
    classification.categories.find(
      (category) =>
        words(category.label) === wanted || (category.aliases ?? []).some((alias) => words(alias) === wanted),
    ) ?? null
  );
}

/** Whether a label is one of a classification's known subtotals. */
export function isSubtotal(classification: Classification, label: string): boolean {
  return (classification.subtotals ?? []).some((subtotal) => words(subtotal) === words(label));
}

/**
 * The classification whose categories a file's labels all belong to (its known subtotals
 * aside), or null. When several fit (a file with only "Female" and "Male" columns), the one with
 * the fewest categories is the closest.
 */
export function classificationFor(labels: readonly string[]): Classification | null {
  const fitting = CLASSIFICATIONS.filter(
    (classification) =>
      labels.some((label) => categoryFor(classification, label) !== null) &&
      labels.every(
        (label) => categoryFor(classification, label) !== null || isSubtotal(classification, label),
      ),
  );
  return fitting.sort((a, b) => a.categories.length - b.categories.length)[0] ?? null;
}

export function classificationById(id: string): Classification | undefined {
  return CLASSIFICATIONS.find((classification) => classification.id === id);
}
