import { isScalar, parseDocument, stringify, visit } from 'yaml';
import {
  validateDefinition,
  type DefinitionResult,
  type FrameworkDefinition,
} from './framework-definition.ts';

/**
 * Definition files come as JSON (what the export gives) or YAML (easier to type up from a PDF).
 * Both are read into the same value and checked by the same schema.
 */
export type DefinitionFileFormat = 'json' | 'yaml';

/** The only keys whose values are numbers; every other number-looking value is text. */
const NUMERIC_KEYS = new Set(['score', 'min', 'max']);

/**
 * JSON always starts with "{" once whitespace is skipped; anything else is read as YAML. Deciding by
 * content rather than file name means a pasted or renamed file still reads.
 */
export function formatOf(source: string): DefinitionFileFormat {
  return source.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function keepWrittenText(node: unknown): void {
  if (isScalar(node) && typeof node.value === 'number' && node.source !== undefined) node.value = node.source;
}

/**
 * YAML reads `ref: 3.10` as the number 3.1 and `version: 2021` as a number. A reference written
 * like a number is still a reference, so every plain number except a score or band limit keeps
 * the text the author typed.
 */
function readYaml(source: string): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const document = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length)
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const at = error.linePos?.[0];
        return `The file is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${firstLine(error.message)}`;
      }),
    };
  visit(document, {
    Pair(_, pair) {
      if (!(isScalar(pair.key) && NUMERIC_KEYS.has(String(pair.key.value)))) keepWrittenText(pair.value);
    },
    Seq(_, sequence) {
      sequence.items.forEach(keepWrittenText);
    },
  });
  return { ok: true, value: document.toJS() };
}

/** Reads a definition file's text. A syntax error is a problem to show, not an exception. */
export function readDefinitionText(source: string): DefinitionResult {
  if (formatOf(source) === 'json') {
    try {
      return validateDefinition(JSON.parse(source));
    } catch (error) {
      return { ok: false, problems: [`The file is not valid JSON: ${(error as Error).message}`] };
    }
  }
  const read = readYaml(source);
  return read.ok ? validateDefinition(read.value) : read;
}

/** A definition as file text in the chosen format; reading it back gives the same definition. */
export function writeDefinitionText(definition: FrameworkDefinition, format: DefinitionFileFormat): string {
  return format === 'json'
    ? `${JSON.stringify(definition, null, 2)}\n`
    : stringify(definition, { lineWidth: 0 });
}
