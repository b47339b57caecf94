import type { FastifyInstance } from 'fastify';
import { PUBLIC, SIGNED_IN } from '../../platform/access.ts';
import { actorOf } from '../../platform/actor.ts';
import { formErrors, parseForm } from '../../platform/forms.ts';
import { isLocale } from '../../platform/i18n/i18n.ts';
import { rememberLanguage } from '../../platform/language.ts';
import type { SessionManager } from '../../platform/sessions.ts';
import type { AuthService } from './auth.service.ts';
import { changePasswordForm, passwordMessage, safeNextPath, signInForm } from './auth.schema.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

const SIGN_IN_VIEW = 'features/auth/views/sign-in.njk';
const CHANGE_PASSWORD_VIEW = 'features/auth/views/change-password.njk';

export function authRoutes(
  app: FastifyInstance,
  {
    auth,
    sessions,
    config,
  }: {
    auth: AuthService;
    sessions: SessionManager;
    config: { sessionIdleMinutes: number; cookieSecure: boolean };
  },
): void {
  app.get('/sign-in', { config: { access: PUBLIC } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.user) return reply.redirect(safeNextPath(query.next), 303);
    await sessions.ensureSession(request, reply);
    return reply.render(SIGN_IN_VIEW, {
      title: request.t('auth.signIn.title'),
      next: safeNextPath(query.next),
      values: {},
      notice:
        query.timeout === '1'
          ? request.t('auth.signIn.timedOut', { minutes: config.sessionIdleMinutes })
          : query.signedOut === '1'
            ? request.t('auth.signIn.signedOut')
            : undefined,
    });
  });

  app.post('/sign-in', { config: { access: PUBLIC } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const next = safeNextPath(body.next);
    const form = parseForm(signInForm, body, request.t);
    const page = { title: request.t('auth.signIn.title'), next, values: { email: body.email } };
    if (!form.ok) return reply.render(SIGN_IN_VIEW, { ...page, ...form }, 400);

    const result = await auth.signIn(form.data.email, form.data.password, request.ip);
    if (!result.ok) {
      const message =
        result.reason === 'invalid'
          ? request.t('auth.signIn.invalid')
          : request.t(`auth.signIn.${result.reason}`, { minutes: result.waitMinutes });
      const status = result.reason === 'invalid' ? 400 : 429;
      return reply.render(SIGN_IN_VIEW, { ...page, errors: [{ text: message, href: '#email' }] }, status);
    }
    await sessions.signIn(request, reply, result.user.id);
    return reply.redirect(next, 303);
  });

  // The language switcher: kept on the account when signed in, and in a cookie for the sign-in page.
  app.post('/language', { config: { access: PUBLIC } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const returnTo = safeNextPath(body.returnTo);
    if (!isLocale(body.language)) return reply.redirect(returnTo, 303);
    if (request.user) {
      await auth.setLanguage(
        actorOf(request),
        request.organisation?.organisationId ?? null,
        request.user.id,
        body.language,
      );
    }
    rememberLanguage(reply, body.language, config.cookieSecure);
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', { config: { access: PUBLIC } }, async (request, reply) => {
    await sessions.signOut(request, reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  app.get('/account', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as Record<string, string | undefined>;
    const current = sessions.tokenHashOf(request);
    const list = await sessions.listForUser(user.id);
    return reply.render('features/auth/views/account.njk', {
      title: request.t('auth.account.title'),
      sessions: list.map((session) => ({ ...session, current: session.tokenHash === current })),
      notice:
        query.passwordChanged === '1'
          ? request.t('auth.account.passwordChanged')
          : query.ended !== undefined
            ? request.t('auth.account.otherSessionsEnded', { count: Number(query.ended) || 0 })
            : undefined,
    });
  });

  app.post('/account/sessions/end-others', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const ended = await sessions.revokeOtherSessions(request);
    return reply.redirect(`/account?ended=${ended}`, 303);
  });

  app.get('/account/password', { config: { access: SIGNED_IN } }, async (request, reply) =>
    reply.render(CHANGE_PASSWORD_VIEW, {
      title: request.t('auth.changePassword.title'),
      minLength: MIN_PASSWORD_LENGTH,
    }),
  );

  app.post('/account/password', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const page = { title: request.t('auth.changePassword.title'), minLength: MIN_PASSWORD_LENGTH };
    const form = parseForm(changePasswordForm, request.body, request.t);
    if (!form.ok) return reply.render(CHANGE_PASSWORD_VIEW, { ...page, ...form }, 400);
    const problem = await auth.changePassword(
      actorOf(request),
      request.organisation?.organisationId ?? null,
      request.user!.id,
      form.data.currentPassword,
      form.data.newPassword,
    );
    if (problem) {
      const fieldErrors = { [problem.field]: passwordMessage(problem.problem, request.t) };
      return reply.render(
        CHANGE_PASSWORD_VIEW,
        { ...page, fieldErrors, errors: formErrors(fieldErrors) },
        400,
      );
    }
    // A changed password should lock out anyone else who had got in with the old one.
    await sessions.revokeOtherSessions(request);
    return reply.redirect('/account?passwordChanged=1', 303);
  });
}
