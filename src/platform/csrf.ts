import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './http-errors.ts';
import { constantTimeEqual } from './tokens.ts';

/**
 * Synchroniser-token CSRF protection on every state-changing request. The token lives in the
 * server-side session and is written into each form as `_csrf`; scripts may send it in the
 * `x-csrf-token` header instead. There is no switch to turn this off, in tests or anywhere else.
 */
export class CsrfError extends HttpError {
  constructor() {
    super(403, 'Missing or incorrect CSRF token');
    this.name = 'CsrfError';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body?._csrf;
  if (typeof field === 'string') return field;
  // A multipart form (file upload) gives each field as { value }.
  const value = (field as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

export function setUpCsrfProtection(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const expected = request.session?.csrfToken;
    const submitted = submittedToken(request);
    if (!expected || !submitted || !constantTimeEqual(expected, submitted)) throw new CsrfError();
  });
}
