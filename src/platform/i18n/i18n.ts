import en from './en.json' with { type: 'json' };

/**
 * User-facing text lives in locale files keyed by purpose ("auth.signIn.title"), English first.
 * A Welsh file with the same keys can be added beside en.json without touching templates.
 */
type Messages = { [key: string]: string | Messages };
const locales: Record<string, Messages> = { en };

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
