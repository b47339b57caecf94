import cy from './cy.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

/**
 * User-facing text lives in locale files keyed by purpose ("auth.signIn.title"), English first,
 * Welsh (cy.json) beside it; the Welsh is listed for a translator's review in cy-review.md. A
 * text that depends on a number is an object of plural forms ({ "one": …, "other": … }, and in
 * Welsh also zero, two, few and many), chosen by the language's own plural rules.
 */
type Messages = { [key: string]: string | Messages };
const locales: Record<string, Messages> = { en, cy };

export const LOCALES = ['en', 'cy'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const PLURAL_FORMS = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

function isPlural(node: Messages): boolean {
  const keys = Object.keys(node);
  return keys.includes('other') && keys.every((key) => PLURAL_FORMS.has(key));
}

/** Every key a locale file defines, dotted ("publication.public.title"); a plural text is one key. */
export function keysOf(locale: Locale): string[] {
  const walk = (node: Messages, prefix: string): string[] =>
    Object.entries(node).flatMap(([key, value]) =>
      typeof value === 'string' || isPlural(value) ? [`${prefix}${key}`] : walk(value, `${prefix}${key}.`),
    );
  return walk(locales[locale]!, '');
}

/** The text a key holds in a locale (a plural text's forms joined), for reports such as the review list. */
export function textOf(locale: Locale, key: string): string | undefined {
  const found = lookup(locales[locale]!, key);
  if (found === undefined) return undefined;
  return typeof found === 'string' ? found : Object.values(found).join(' / ');
}

/** Whether English holds a text at this key (so a message that is a key can be worded). */
export function hasText(key: string): boolean {
  return /^[a-z][\w]*(\.[\w-]+)+$/i.test(key) && lookup(en, key) !== undefined;
}

/**
 * Words a message that may be a locale key (how services and form rules report problems, so the
 * edge can word them in the reader's language); anything else is shown as it is.
 */
export function word(message: string, t: Translate, values?: Record<string, string | number>): string {
  return hasText(message) ? t(message, values) : message;
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

function lookup(messages: Messages, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return node;
}

const numberFormats = { en: new Intl.NumberFormat('en-GB'), cy: new Intl.NumberFormat('cy-GB') };

function choose(
  locale: Locale,
  found: string | Messages | undefined,
  values: Record<string, string | number>,
) {
  if (typeof found === 'string' || found === undefined) return found;
  if (!isPlural(found)) return undefined;
  const count = Number(values.count);
  const form = new Intl.PluralRules(locale === 'cy' ? 'cy' : 'en-GB').select(count);
  const text = found[form] ?? found.other;
  return typeof text === 'string' ? text : undefined;
}

function build(locale: Locale): Translate {
  const messages = locales[locale]!;
  return (key, values = {}) => {
    const template = choose(locale, lookup(messages, key), values) ?? choose('en', lookup(en, key), values);
    if (template === undefined) throw new Error(`Missing text for "${key}" in ${locale}`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in values)) return whole;
      const value = values[name]!;
      // A count is written the language's way ("1,234"); other numbers (a year) stay as given.
      return name === 'count' && typeof value === 'number'
        ? numberFormats[locale].format(value)
        : String(value);
    });
  };
}

const translators: Record<Locale, Translate> = { en: build('en'), cy: build('cy') };

/** The translator for a language (English for anything else). */
export function translator(locale: string = 'en'): Translate {
  return isLocale(locale) ? translators[locale] : translators.en;
}

export const t = translator('en');

/** The words for a set of codes ("status" + "on_track" → "On track"), as a template's lookup table. */
export function labelsIn<Code extends string>(
  t: Translate,
  namespace: string,
  codes: readonly Code[],
): Record<Code, string> {
  return Object.fromEntries(codes.map((code) => [code, t(`${namespace}.${code}`)])) as Record<Code, string>;
}
