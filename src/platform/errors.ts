import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CsrfError } from './csrf.ts';
import { HttpError } from './http-errors.ts';
import { UnacceptableCharacterError } from './input-guard.ts';
import { NoOrganisationError } from './authorisation.ts';

function renderError(
  reply: FastifyReply,
  status: number,
  key: string,
  extra: {
    detail?: string;
    action?: { href: string; text: string };
    errors?: { text: string; href: string }[];
  } = {},
  values: Record<string, string | number> = {},
) {
  return reply.render(
    'platform/views/error.njk',
    {
      title: reply.request.t(`errors.${key}.title`),
      paragraphs: [reply.request.t(`errors.${key}.body`, values)],
      ...extra,
    },
    status,
  );
}

/**
 * Turns every failure into a GOV.UK-style page. Stack traces appear only outside production;
 * server errors are logged with the request id so a user's report can be traced.
 */
export function setUpErrorPages(
  app: FastifyInstance,
  production: boolean,
  uploadLimitMb: number,
  /** Runs before the "page not found" page, so it can show who is signed in. */
  beforeNotFound: (request: FastifyRequest) => Promise<void>,
): void {
  app.setNotFoundHandler({ preHandler: beforeNotFound }, (request: FastifyRequest, reply: FastifyReply) =>
    renderError(reply, 404, 'notFound', {
      action: { href: '/', text: reply.request.t('errors.notFound.action') },
    }),
  );

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof CsrfError) return renderError(reply, 403, 'csrf');
    if (error instanceof NoOrganisationError) {
      return reply.render(
        'platform/views/error.njk',
        {
          title: error.message,
          paragraphs: [reply.request.t('errors.noOrganisation.body')],
        },
        403,
      );
    }
    if (error instanceof UnacceptableCharacterError)
      return renderError(
        reply,
        400,
        'unacceptableCharacter',
        { errors: [{ text: reply.request.t('errors.unacceptableCharacter.title'), href: '#main-content' }] },
        { field: error.field },
      );
    if (error instanceof HttpError) {
      if (error.statusCode === 404) return renderError(reply, 404, 'notFound');
      if (error.statusCode === 403) return renderError(reply, 403, 'forbidden');
      return renderError(reply, error.statusCode, 'badRequest');
    }
    if (error.statusCode === 413) return renderError(reply, 413, 'tooLarge', {}, { limit: uploadLimitMb });
    if (error.validation || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      return renderError(reply, error.statusCode ?? 400, 'badRequest');
    }
    request.log.error({ err: error }, 'request failed');
    return renderError(reply, 500, 'server', production ? {} : { detail: error.stack ?? error.message });
  });
}
