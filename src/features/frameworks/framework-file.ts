import { isScalar, parseDocument, stringify, visit } from 'yaml';
import { runIsolated } from '../../infra/untrusted-files/isolated.ts';
import { UnreadableFileError } from '../../infra/untrusted-files/unreadable-file-error.ts';
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
  try {
    // An alias (*name) can point at one that does not exist, or expand exponentially ("billion laughs").
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return {
      ok: false,
      problems: [`The file's YAML aliases (*name) cannot be used: ${firstLine((error as Error).message)}`],
    };
  }
}

/** Far above any real framework (EFLG 2021 is about 60 KB), far below what could hurt. */
export const MAX_DEFINITION_CHARACTERS = 2 * 1024 * 1024;
/** Real definitions nest five or six levels; the cap stops bracket bombs before any parser runs. */
export const MAX_DEFINITION_NESTING = 64;

/**
 * How deeply `[` and `{` nest. A linear scan that ignores quoting on purpose — in YAML an
 * apostrophe in plain text does not start a string, so honouring quotes would let brackets hide
 * — and counts every bracket; prose in a definition rarely opens brackets it does not close.
 * Parsers (and the schema check after them) take time or stack that grows with nesting.
 */
export function bracketDepth(source: string, stopAt: number): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < source.length; index += 1) {
    const character = source[index];
    if (character === '[' || character === '{') {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if ((character === ']' || character === '}') && depth > 0) depth -= 1;
  }
  return deepest;
}

/** Reads a definition file's text. A syntax error is a problem to show, not an exception. */
export function readDefinitionText(source: string): DefinitionResult {
  if (source.length > MAX_DEFINITION_CHARACTERS)
    return {
      ok: false,
      problems: [
        `The file is larger than ${MAX_DEFINITION_CHARACTERS / 1024 / 1024} MB, far more than any framework needs.`,
      ],
    };
  if (bracketDepth(source, MAX_DEFINITION_NESTING) > MAX_DEFINITION_NESTING)
    return {
      ok: false,
      problems: [
        `The file has lists or sections nested more than ${MAX_DEFINITION_NESTING} deep; a framework definition needs a handful.`,
      ],
    };
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

/**
 * Reads a definition someone sent (an upload, a file on the command line) off the main thread,
 * within time and memory limits; the built-in definitions, which we wrote, are read directly.
 */
export async function readUntrustedDefinitionText(source: string): Promise<DefinitionResult> {
  try {
    return await runIsolated<DefinitionResult>(new URL(import.meta.url), 'readDefinitionText', [source]);
  } catch (error) {
    if (error instanceof UnreadableFileError) return { ok: false, problems: [error.message] };
    throw error;
  }
}

/** A definition as file text in the chosen format; reading it back gives the same definition. */
export function writeDefinitionText(definition: FrameworkDefinition, format: DefinitionFileFormat): string {
  return format === 'json'
    ? `${JSON.stringify(definition, null, 2)}\n`
    : stringify(definition, { lineWidth: 0 });
}
