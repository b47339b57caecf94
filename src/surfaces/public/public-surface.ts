import crypto from 'node:crypto';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/http-errors.ts';
import { formatDate } from '../../platform/format.ts';
import { isLocale, translator, type Locale, type Translate } from '../../platform/i18n/i18n.ts';
import { languageChoices } from '../../platform/language.ts';
import { hashedContentSecurityPolicy } from '../../platform/security.ts';
import type { PageContext } from '../../platform/views.ts';

/** Where the public surface lives: `/p/<organisation slug>/…`. */
export const PUBLIC_PREFIX = '/p';

/** How long a browser or a shared cache may keep a public page before asking again (an ETag answers cheaply). */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=60';

/** What a feature gives the public surface: its routes, registered under the prefix. */
export type PublicRoutes<Deps> = (scope: FastifyInstance, deps: Deps) => void;

export interface PublicSurfaceOptions<Deps> {
  features: PublicRoutes<Deps>[];
  deps: Deps;
}

/** The language a public page is read in: `?lang=cy` for Welsh, English otherwise. */
export function publicLocale(request: FastifyRequest): Locale {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLocale(asked) ? asked : 'en';
}

/**
 * Renders a page of the public surface: its own layout, in the reader's language (with links to
 * the same page in the other), no nonce (so the same bytes serve everyone and can be cached), no
 * session or account furniture. `context` is given the reader's translator, for titles.
 */
export function renderPublic(
  reply: FastifyReply,
  template: string,
  context: (t: Translate) => PageContext,
  status = 200,
) {
  const locale = publicLocale(reply.request);
  reply.request.locale = locale;
  const path = reply.request.url.split('?')[0]!;
  return reply.render(
    template,
    {
      ...context(translator(locale)),
      localDate: (value: Date | string | null) => formatDate(value, locale),
      // Each language is named, and offered, in itself (its link is marked with its lang).
      languages: languageChoices(locale).map((language) => ({
        ...language,
        href: language.code === 'en' ? path : `${path}?lang=${language.code}`,
      })),
      cspNonce: null,
      cspStyleNonce: null,
      currentUser: null,
    },
    status,
  );
}

function errorPage(reply: FastifyReply, status: number, key: 'notFound' | 'badRequest' | 'server') {
  return renderPublic(
    reply,
    'surfaces/public/views/error.njk',
    (t) => ({ title: t(`errors.${key}.title`), paragraphs: [t(`public.errors.${key}`)] }),
    status,
  );
}

/** A strong validator for the exact bytes of a response. */
function entityTag(payload: string | Buffer): string {
  return `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return (
    ifNoneMatch.trim() === '*' ||
    ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag)
  );
}

/**
 * The public surface: pages anyone may read, with no session and no cookie, built only from what
 * an organisation has published (frozen snapshots). Each successful page is cacheable: it carries
 * an ETag of its bytes and answers a matching If-None-Match with 304; its CSP allows its inline
 * script and style by hash, since a per-response nonce would make every copy different.
 */
export async function publicSurface<Deps>(
  scope: FastifyInstance,
  { features, deps }: PublicSurfaceOptions<Deps>,
): Promise<void> {
  // For the few forms anyone may send (a comment on a published impact assessment).
  await scope.register(fastifyFormbody);
  scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const html = typeof payload === 'string' ? payload : null;
    if (html !== null && String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
      reply.header('content-security-policy', hashedContentSecurityPolicy(html));
    if (
      reply.statusCode !== 200 ||
      request.method === 'POST' ||
      (html === null && !Buffer.isBuffer(payload))
    ) {
      reply.header('cache-control', 'no-store');
      return payload;
    }
    const tag = entityTag(payload as string | Buffer);
    reply.header('etag', tag).header('cache-control', CACHE_CONTROL);
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      matches(request.headers['if-none-match'], tag)
    ) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });

  scope.setNotFoundHandler((_request, reply) => errorPage(reply, 404, 'notFound'));
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
    if (status === 404) return errorPage(reply, 404, 'notFound');
    // A malformed address (an unacceptable character, say): the reader's mistake, not ours.
    if (status >= 400 && status < 500) return errorPage(reply, status, 'badRequest');
    request.log.error({ err: error }, 'public page failed');
    return errorPage(reply, 500, 'server');
  });

  for (const routes of features) routes(scope, deps);
}
