import path from 'node:path';
import { STRAND_LABELS } from './characteristics.ts';
import { KeptHtml, spliceKept } from './rendered-fragments.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { govukDist, projectRoot, stylesheet } from './assets/assets.ts';
import { formatCount, formatDate, formatDateTime, formatNumber, formatPounds, formatRole } from './format.ts';
import { isLocale, labelsIn, translator, type Locale } from './i18n/i18n.ts';
import { languageChoices } from './language.ts';
import type { Role } from './roles.ts';

/** An entry in the service navigation, shown to the roles that may follow it. */
export interface NavigationItem {
  href: string;
  textKey: string;
  roles: readonly Role[];
}

export interface FormError {
  text: string;
  href: string;
}

export interface PageContext {
  /** The page's own title; the layout adds the organisation, the service name and "Error:". */
  title: string;
  errors?: FormError[];
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context: PageContext, statusCode?: number): FastifyReply;
    /** A part of a page as HTML, without the layout, for a page to place (and perhaps reuse). */
    renderFragment(template: string, context: Record<string, unknown>): string;
  }
}

/** What Nunjucks passes as `this` to a global or filter: the rendering context. */
interface NunjucksThis {
  ctx?: { locale?: unknown };
}

function localeOf(self: NunjucksThis | undefined): Locale {
  const locale = self?.ctx?.locale;
  return isLocale(locale) ? locale : 'en';
}

/** Templates are compiled once per process and cached; restart the server to pick up edits. */
export function createViewEnvironment(): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([path.join(projectRoot, 'src'), path.dirname(govukDist)]);
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  // Text and formats follow the page's language: Nunjucks calls globals and filters with the
  // rendering context as `this`, so each reads `locale` from the page it is rendering. (A macro
  // sees the page's language only when imported `with context`.)
  env.addGlobal('t', function (this: NunjucksThis, key: string, values?: Record<string, string | number>) {
    return translator(localeOf(this))(key, values);
  });
  env.addGlobal('strandLabels', STRAND_LABELS);
  env.addFilter('date', function (this: NunjucksThis, value: Date | string | null) {
    return formatDate(value, localeOf(this));
  });
  env.addFilter('dateTime', function (this: NunjucksThis, value: Date | string | null) {
    return formatDateTime(value, localeOf(this));
  });
  env.addFilter('role', function (this: NunjucksThis, role: string) {
    return formatRole(role, localeOf(this));
  });
  env.addFilter('number', formatNumber);
  env.addFilter('pounds', formatPounds);
  env.addFilter('merge', (base: object, extra: object) => ({ ...base, ...extra }));
  // Summary-list rows written with `… if condition`: the rows whose condition failed are left out.
  env.addFilter('present', (items: unknown[]) =>
    items.filter((item) => item !== undefined && item !== null && item !== ''),
  );
  // The Design System's password input words its show/hide button itself; these word it in the page's language.
  env.addGlobal('passwordInputTexts', function (this: NunjucksThis) {
    const t = translator(localeOf(this));
    return {
      showPasswordText: t('passwordInput.show'),
      hidePasswordText: t('passwordInput.hide'),
      showPasswordAriaLabelText: t('passwordInput.showLabel'),
      hidePasswordAriaLabelText: t('passwordInput.hideLabel'),
      passwordShownAnnouncementText: t('passwordInput.shown'),
      passwordHiddenAnnouncementText: t('passwordInput.hidden'),
    };
  });
  env.addFilter('count', function (this: NunjucksThis, count: number, nounKey: string) {
    return formatCount(count, nounKey, localeOf(this));
  });
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  return env;
}

/** Current section of the navigation: the longest href that prefixes the path. */
function activeHref(items: NavigationItem[], url: string): string | undefined {
  const pathname = url.split('?')[0] ?? '/';
  return items
    .filter((item) =>
      item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`),
    )
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

export function setUpViews(
  app: FastifyInstance,
  env: nunjucks.Environment,
  navigation: NavigationItem[],
  production: boolean,
): void {
  const css = stylesheet();

  function chrome(request: FastifyRequest, reply: FastifyReply) {
    const role = request.organisation?.role;
    const visible = role ? navigation.filter((item) => item.roles.includes(role)) : [];
    const active = activeHref(visible, request.url);
    return {
      cssHref: `/assets/app-${css.hash}.css`,
      cspNonce: reply.cspNonce?.script,
      cspStyleNonce: reply.cspNonce?.style,
      csrfToken: request.session?.csrfToken,
      currentUser: request.user,
      currentOrganisation: request.organisation,
      memberships: request.memberships,
      currentPath: request.url,
      locale: request.locale,
      htmlLang: request.locale,
      languages: languageChoices(request.locale),
      strandLabels: labelsIn(request.t, 'strands', Object.keys(STRAND_LABELS)),
      production,
      navigation: visible.map((item) => ({
        href: item.href,
        text: request.t(item.textKey),
        active: item.href === active,
        current: request.url === item.href,
      })),
    };
  }

  app.decorateReply(
    'renderFragment',
    function renderFragment(this: FastifyReply, template: string, context: Record<string, unknown>) {
      return env.render(template, { locale: this.request.locale, ...context });
    },
  );

  app.decorateReply(
    'render',
    function render(this: FastifyReply, template: string, context: PageContext, statusCode) {
      const html = env.render(template, { ...chrome(this.request, this), ...context });
      const kept = Object.values(context).filter((value) => value instanceof KeptHtml);
      return this.status(statusCode ?? this.statusCode)
        .type('text/html; charset=utf-8')
        .send(kept.length > 0 ? spliceKept(html, kept) : html);
    },
  );
}
