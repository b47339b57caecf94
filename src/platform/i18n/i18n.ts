import cy from './cy.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

/**
 * User-facing text lives in locale files keyed by purpose ("auth.signIn.title"), English first.
 * Welsh (cy.json) covers the public surface so far; its strings are listed for a translator's
 * review in cy-review.md. A key missing in Welsh falls back to English.
 */
type Messages = { [key: string]: string | Messages };
const locales: Record<string, Messages> = { en, cy };

export const LOCALES = ['en', 'cy'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Every key a locale file defines, dotted ("publication.public.title"). */
export function keysOf(locale: Locale): string[] {
  const walk = (node: Messages, prefix: string): string[] =>
    Object.entries(node).flatMap(([key, value]) =>
      typeof value === 'string' ? [`${prefix}${key}`] : walk(value, `${prefix}${key}.`),
    );
  return walk(locales[locale]!, '');
}

export type Translate = (key: string, values?: Record<string, string | number>) => string;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function translator(locale = 'en'): Translate {
  const messages = locales[locale] ?? en;
  return (key, values = {}) => {
    const template = lookup(messages, key) ?? lookup(en, key);
    if (template === undefined) throw new Error(`Missing text for "${key}" in ${locale}`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

export const t = translator('en');
