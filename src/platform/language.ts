import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, LOCALES, translator, type Locale, type Translate } from './i18n/i18n.ts';

/**
 * The language a page speaks. On the staff surface it is the person's own choice, kept on their
 * account once they are signed in and in a cookie before (so the sign-in page can be Welsh too);
 * English until someone chooses. The public surface decides by the address (`?lang=cy`).
 */
export const LANGUAGE_COOKIE = 'equalis_language';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    /** Words a text in the request's language. */
    readonly t: Translate;
  }
}

export function setUpLanguage(app: FastifyInstance): void {
  app.decorateRequest('locale', 'en');
  app.decorateRequest('t', {
    getter(this: FastifyRequest) {
      return translator(this.locale);
    },
  });
}

/** The staff surface's choice: the account's preference, then the cookie, then English. */
export function staffLocale(request: FastifyRequest): Locale {
  const cookie = request.cookies[LANGUAGE_COOKIE];
  return request.user?.language ?? (isLocale(cookie) ? cookie : 'en');
}

/** Remembers a choice made before signing in (a preference, not tracking: a year, this site only). */
export function rememberLanguage(reply: FastifyReply, locale: Locale, secure: boolean): void {
  reply.setCookie(LANGUAGE_COOKIE, locale, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    maxAge: 365 * 24 * 3600,
  });
}

/** The language switcher's entries: each language named in itself, marked with its own lang. */
export function languageChoices(current: Locale) {
  return LOCALES.map((code) => ({
    code,
    current: code === current,
    name: translator(code)(`public.languages.${code}`),
    offer: translator(code)(`public.languages.switchTo.${code}`),
  }));
}
