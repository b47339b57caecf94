import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasControlCharacter } from './control-characters.ts';
import { HttpError } from './http-errors.ts';

/**
 * Characters no form field, query or path has a use for: the control characters other than tab,
 * line feed and carriage return. NUL matters most — PostgreSQL cannot store it in text, so it
 * would otherwise surface as a server error deep inside a service.
 */
const unacceptable = (text: string) => hasControlCharacter(text, { allowLineBreaksAndTabs: true });

/** A request carried a character that cannot be stored; the field is named for the person who sent it. */
export class UnacceptableCharacterError extends HttpError {
  constructor(public readonly field: string) {
    super(400, `The field ${field} contains a control character`);
    this.name = 'UnacceptableCharacterError';
  }
}

/** The first field holding an unacceptable character, looking through arrays and multipart parts. */
export function fieldWithUnacceptableCharacter(values: unknown, prefix = ''): string | null {
  if (values === null || typeof values !== 'object') return null;
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const field = prefix ? `${prefix}.${name}` : name;
    if (unacceptable(name)) return field;
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (typeof part === 'string' && unacceptable(part)) return field;
      // A multipart field arrives as { type: 'field', value }; a file part's content is its own business.
      const inner = (part as { type?: unknown; value?: unknown } | null)?.value;
      if (
        (part as { type?: unknown } | null)?.type === 'field' &&
        typeof inner === 'string' &&
        unacceptable(inner)
      )
        return field;
    }
  }
  return null;
}

function offendingField(request: FastifyRequest): string | null {
  return (
    fieldWithUnacceptableCharacter(request.params) ??
    fieldWithUnacceptableCharacter(request.query) ??
    fieldWithUnacceptableCharacter(request.body)
  );
}

/**
 * Checks every request's path parameters, query and form fields at the edge, before any route or
 * service sees them, so a stray byte is a 400 page that says what is wrong rather than a 500.
 */
export function setUpInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const field = offendingField(request);
    if (field) throw new UnacceptableCharacterError(field);
  });
}
