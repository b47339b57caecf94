/**
 * The equality-monitoring questions, as one versioned bank reused wherever Equalis asks people
 * about themselves (service monitoring now; consultations and workforce later). The questions and
 * answers follow the harmonised standards the GSS and ONS publish for the 2021 Census, so each
 * answer maps onto census categories and a service's users can be compared with the population
 * of its area. Every question has "Prefer not to say"; an empty answer is "not answered".
 *
 * A new version of the bank adds a version here; what was collected keeps the version it was
 * collected under.
 */
export const BANK_VERSION = '2026.1';

/** Two answers every question has, which are never compared with the population. */
export const PREFER_NOT = 'prefer_not';
export const NOT_ANSWERED = 'not_answered';

export interface BankAnswer {
  code: string;
  label: string;
  /** Other ways files write it ("Asian", "Disabled", "Y"). Matched without case or punctuation. */
  aliases?: string[];
  /** The census categories this answer corresponds to, summed (none: not compared). */
  census?: string[];
}

export interface BankQuestion {
  id: string;
  text: string;
  /** Headings files use for this question. */
  headings: string[];
  /** The census classification its answers compare with, if any. */
  classification: string | null;
  answers: BankAnswer[];
}

const ETHNIC: [string, string, string[]][] = [
  ['asian_bangladeshi', 'Asian, Asian British or Asian Welsh: Bangladeshi', ['Bangladeshi']],
  ['asian_chinese', 'Asian, Asian British or Asian Welsh: Chinese', ['Chinese']],
  ['asian_indian', 'Asian, Asian British or Asian Welsh: Indian', ['Indian']],
  ['asian_pakistani', 'Asian, Asian British or Asian Welsh: Pakistani', ['Pakistani']],
  ['asian_other', 'Asian, Asian British or Asian Welsh: Other Asian', ['Other Asian', 'Asian']],
  ['black_african', 'Black, Black British, Black Welsh, Caribbean or African: African', ['African']],
  ['black_caribbean', 'Black, Black British, Black Welsh, Caribbean or African: Caribbean', ['Caribbean']],
  [
    'black_other',
    'Black, Black British, Black Welsh, Caribbean or African: Other Black',
    ['Other Black', 'Black'],
  ],
  ['mixed_white_asian', 'Mixed or Multiple ethnic groups: White and Asian', ['White and Asian']],
  [
    'mixed_white_black_african',
    'Mixed or Multiple ethnic groups: White and Black African',
    ['White and Black African'],
  ],
  [
    'mixed_white_black_caribbean',
    'Mixed or Multiple ethnic groups: White and Black Caribbean',
    ['White and Black Caribbean'],
  ],
  [
    'mixed_other',
    'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups',
    ['Other Mixed', 'Mixed'],
  ],
  [
    'white_british',
    'White: English, Welsh, Scottish, Northern Irish or British',
    ['White British', 'English', 'Welsh', 'Scottish', 'British'],
  ],
  ['white_irish', 'White: Irish', ['Irish']],
  [
    'white_gypsy_traveller',
    'White: Gypsy or Irish Traveller',
    ['Gypsy or Irish Traveller', 'Gypsy', 'Traveller'],
  ],
  ['white_roma', 'White: Roma', ['Roma']],
  ['white_other', 'White: Other White', ['Other White', 'White']],
  ['other_arab', 'Other ethnic group: Arab', ['Arab']],
  ['other_any', 'Other ethnic group: Any other ethnic group', ['Any other ethnic group', 'Other']],
];

export const QUESTION_BANK: readonly BankQuestion[] = [
  {
    id: 'ethnic-group',
    text: 'What is your ethnic group?',
    headings: ['ethnic group', 'ethnicity', 'ethnic origin', 'ethnic background'],
    classification: 'ethnic-group-5',
    answers: ETHNIC.map(([code, label, aliases]) => ({
      code,
      label,
      aliases,
      // Compared at the five broad groups, which every census output has.
      census: [code.split('_')[0]!],
    })),
  },
  {
    id: 'religion',
    text: 'What is your religion?',
    headings: ['religion', 'religion or belief', 'faith', 'belief'],
    classification: 'religion-10',
    answers: [
      { code: 'none', label: 'No religion', aliases: ['None'], census: ['none'] },
      { code: 'christian', label: 'Christian', aliases: ['Christianity'], census: ['christian'] },
      { code: 'buddhist', label: 'Buddhist', census: ['buddhist'] },
      { code: 'hindu', label: 'Hindu', census: ['hindu'] },
      { code: 'jewish', label: 'Jewish', census: ['jewish'] },
      { code: 'muslim', label: 'Muslim', census: ['muslim'] },
      { code: 'sikh', label: 'Sikh', census: ['sikh'] },
      { code: 'other', label: 'Any other religion', aliases: ['Other religion', 'Other'], census: ['other'] },
    ],
  },
  {
    id: 'disability',
    text: 'Do you have any physical or mental health conditions or illnesses lasting or expected to last 12 months or more, that reduce your ability to carry out day-to-day activities?',
    headings: ['disability', 'disabled', 'disability status', 'long-term condition'],
    classification: 'disability-ea-2',
    answers: [
      {
        code: 'yes',
        label: 'Yes',
        aliases: ['Y', 'Disabled', 'Yes, a lot', 'Yes, a little'],
        census: ['disabled'],
      },
      { code: 'no', label: 'No', aliases: ['N', 'Not disabled'], census: ['not_disabled'] },
    ],
  },
  {
    id: 'sex',
    text: 'What is your sex?',
    headings: ['sex', 'legal sex'],
    classification: 'sex',
    answers: [
      { code: 'female', label: 'Female', aliases: ['F', 'Woman'], census: ['female'] },
      { code: 'male', label: 'Male', aliases: ['M', 'Man'], census: ['male'] },
    ],
  },
  {
    id: 'gender-identity',
    text: 'Is the gender you identify with the same as your sex registered at birth?',
    headings: ['gender identity', 'gender same as at birth', 'trans'],
    classification: 'gender-identity-7',
    answers: [
      { code: 'same', label: 'Yes', aliases: ['Y', 'Same'], census: ['same'] },
      {
        code: 'different',
        label: 'No',
        aliases: ['N', 'Different'],
        census: ['different', 'trans_woman', 'trans_man', 'other'],
      },
    ],
  },
  {
    id: 'sexual-orientation',
    text: 'Which of the following best describes your sexual orientation?',
    headings: ['sexual orientation', 'sexuality'],
    classification: 'sexual-orientation-6',
    answers: [
      {
        code: 'straight',
        label: 'Straight or heterosexual',
        aliases: ['Straight', 'Heterosexual'],
        census: ['straight'],
      },
      { code: 'gay_lesbian', label: 'Gay or lesbian', aliases: ['Gay', 'Lesbian'], census: ['gay_lesbian'] },
      { code: 'bisexual', label: 'Bisexual', census: ['bisexual'] },
      { code: 'other', label: 'Other sexual orientation', aliases: ['Other'], census: ['other'] },
    ],
  },
  {
    id: 'age',
    text: 'How old are you?',
    headings: ['age', 'age band', 'age group'],
    classification: 'age-8',
    answers: [
      { code: '0-15', label: '15 or under', aliases: ['Under 16', '0 to 15'], census: ['0-15'] },
      { code: '16-24', label: '16 to 24', aliases: ['16-24'], census: ['16-24'] },
      { code: '25-34', label: '25 to 34', aliases: ['25-34'], census: ['25-34'] },
      { code: '35-44', label: '35 to 44', aliases: ['35-44'], census: ['35-44'] },
      { code: '45-54', label: '45 to 54', aliases: ['45-54'], census: ['45-54'] },
      { code: '55-64', label: '55 to 64', aliases: ['55-64'], census: ['55-64'] },
      { code: '65-74', label: '65 to 74', aliases: ['65-74'], census: ['65-74'] },
      { code: '75+', label: '75 or over', aliases: ['75 and over', '75 plus'], census: ['75+'] },
    ],
  },
  {
    id: 'carer',
    text: 'Do you look after, or give any help or support to, anyone because of long-term physical or mental health conditions or illnesses, or problems related to old age?',
    headings: ['carer', 'unpaid carer', 'caring responsibilities'],
    classification: 'unpaid-care-3',
    answers: [
      { code: 'yes', label: 'Yes', aliases: ['Y', 'Carer'], census: ['up_to_34', '35_plus'] },
      { code: 'no', label: 'No', aliases: ['N', 'Not a carer'], census: ['none'] },
    ],
  },
  {
    id: 'care-experienced',
    text: 'Have you ever been in care (looked after by a local authority)?',
    headings: ['care experienced', 'care-experienced', 'care leaver', 'looked after'],
    classification: null,
    answers: [
      { code: 'yes', label: 'Yes', aliases: ['Y', 'Care leaver'] },
      { code: 'no', label: 'No', aliases: ['N'] },
    ],
  },
];

const SPECIAL: BankAnswer[] = [
  {
    code: PREFER_NOT,
    label: 'Prefer not to say',
    aliases: ['Prefer not to say', 'Prefer not to answer', 'PNTS', 'Declined', 'Refused', 'Not stated'],
  },
];

export function questionById(id: string): BankQuestion | undefined {
  return QUESTION_BANK.find((question) => question.id === id);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
}

/** Every answer a question accepts, its own and "Prefer not to say". */
export function answersOf(question: BankQuestion): BankAnswer[] {
  return [...question.answers, ...SPECIAL];
}

/** The question a file's heading asks, if it is one of the bank's. */
export function questionForHeading(heading: string): BankQuestion | undefined {
  const wanted = normalise(heading);
  return QUESTION_BANK.find((question) => question.headings.some((one) => normalise(one) === wanted));
}

/**
 * The answer a cell gives: its code, label or an alias, without case or punctuation; an empty
 * cell is "not answered"; anything else is undefined (a problem to show with its line).
 */
export function answerFor(question: BankQuestion, cell: string): string | undefined {
  const wanted = normalise(cell);
  if (wanted === '') return NOT_ANSWERED;
  for (const answer of answersOf(question))
    if ([answer.code, answer.label, ...(answer.aliases ?? [])].some((one) => normalise(one) === wanted))
      return answer.code;
  return undefined;
}

export function answerLabel(question: BankQuestion, code: string): string {
  if (code === NOT_ANSWERED) return 'Not answered';
  return answersOf(question).find((answer) => answer.code === code)?.label ?? code;
}
