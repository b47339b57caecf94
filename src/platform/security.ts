import crypto from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers. The Content-Security-Policy allows scripts and styles only from this origin
 * or carrying the nonce minted for this response (helmet puts it on reply.cspNonce; the layout
 * writes it on the one inline script govuk-frontend needs and on the brand-colour style).
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
};

/**
 * The same policy with inline scripts and styles allowed by the hash of their content instead of
 * a nonce: a cacheable page must be the same bytes for everyone, and a nonce differs per response.
 */
export function hashedContentSecurityPolicy(html: string): string {
  const hashes = (pattern: RegExp) =>
    [...html.matchAll(pattern)].map(
      (match) => `'sha256-${crypto.createHash('sha256').update(match[1]!).digest('base64')}'`,
    );
  const directives: Record<string, string[]> = {
    ...DIRECTIVES,
    scriptSrc: [...DIRECTIVES.scriptSrc, ...hashes(/<script>([^<]*)<\/script>/g)],
    styleSrc: [...DIRECTIVES.styleSrc, ...hashes(/<style>([^<]*)<\/style>/g)],
  };
  return Object.entries(directives)
    .map(
      ([name, sources]) =>
        `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${sources.join(' ')}`,
    )
    .join(';');
}

export async function setUpSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    // A copy: helmet adds its nonce sources to the lists it is given.
    contentSecurityPolicy: { useDefaults: false, directives: structuredClone(DIRECTIVES) },
    global: true,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Staff pages are personal and change with every edit: no cache may keep them. Only a
    // response that says otherwise (a public page, a static file) is cacheable.
    if (!reply.hasHeader('cache-control') && !request.url.startsWith('/assets/'))
      reply.header('cache-control', 'no-store');
  });
}
