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
}

export const CLASSIFICATIONS: readonly Classification[] = [
  {
    id: 'ethnic-group-5',
    title: 'Ethnic group (5 broad groups), Census 2021',
    characteristic: 'race',
    categories: [
      { code: 'asian', label: 'Asian, Asian British or Asian Welsh', aliases: ['Asian'] },
      { code: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African', aliases: ['Black'] },
      { code: 'mixed', label: 'Mixed or Multiple ethnic groups', aliases: ['Mixed'] },
      { code: 'white', label: 'White' },
      { code: 'other', label: 'Other ethnic group', aliases: ['Other'] },
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
    id: 'disability-ea-2',
    title: 'Disability under the Equality Act, Census 2021',
    characteristic: 'disability',
    categories: [
      { code: 'disabled', label: 'Disabled under the Equality Act' },
      { code: 'not_disabled', label: 'Not disabled under the Equality Act' },
    ],
  },
];

function words(label: string): string {
  return label
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[:]\s*total$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
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

/** The classification whose categories a file's labels all belong to, or null. */
export function classificationFor(labels: readonly string[]): Classification | null {
  return (
    CLASSIFICATIONS.find(
      (classification) =>
        labels.length > 0 && labels.every((label) => categoryFor(classification, label) !== null),
    ) ?? null
  );
}

export function classificationById(id: string): Classification | undefined {
  return CLASSIFICATIONS.find((classification) => classification.id === id);
}
