import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { MembershipSummary, SessionRow, SessionUser, SessionsRepo } from './sessions.repo.ts';
import { hashToken, newToken } from './tokens.ts';
import type { IdentityWrites } from '../db/identity-writes.ts';

/**
 * Server-side sessions. The browser holds only a random token; the database holds its keyed
 * hash, the signed-in user, the organisation they are working in and the CSRF token. Sessions end
 * after a period of inactivity or a maximum age, and can be revoked by deleting the row.
 */
export const SESSION_COOKIE = 'equalis_session';
// Refreshing last_seen_at on every request would turn each page view into a write.
const TOUCH_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionRow | null;
    user: SessionUser | null;
    memberships: MembershipSummary[];
    /** The organisation the user is working in, with their role there. */
    organisation: MembershipSummary | null;
    /** True when the request carried a session that had just ended through inactivity. */
    sessionTimedOut: boolean;
  }
}

export interface SessionManager {
  /** Reads the request's session, user, memberships and organisation from its cookie. */
  load(request: FastifyRequest): Promise<void>;
  /** Begins a signed-in session with a new token (the old one is discarded: no session fixation). */
  signIn(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void>;
  signOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Gives an anonymous visitor a session so their forms (sign in) can carry a CSRF token. */
  ensureSession(request: FastifyRequest, reply: FastifyReply): Promise<SessionRow>;
  switchOrganisation(request: FastifyRequest, organisationId: string): Promise<boolean>;
  revokeOtherSessions(request: FastifyRequest): Promise<number>;
  listForUser(userId: string): Promise<SessionRow[]>;
  tokenHashOf(request: FastifyRequest): string | null;
}

/**
 * Decorates every request with its (empty) session fields and returns the manager. The hook that
 * reads sessions belongs to the staff surface alone (readSessions): the public surface never
 * reads or sets a session cookie.
 */
export function setUpSessions(
  app: FastifyInstance,
  repo: SessionsRepo,
  config: Config,
  now: () => Date = () => new Date(),
  identityWrites?: IdentityWrites,
): SessionManager {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const hash = (token: string) => hashToken(config.sessionSecret, token);
  const find = identityWrites ? keptWhileUnchanged(repo, identityWrites) : repo.findWithUser;

  app.decorateRequest('session', null);
  app.decorateRequest('user', null);
  app.decorateRequest('memberships', null as unknown as MembershipSummary[]);
  app.decorateRequest('organisation', null);
  app.decorateRequest('sessionTimedOut', false);

  function setCookie(reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: 'lax',
    });
  }

  async function create(request: FastifyRequest, reply: FastifyReply, userId: string | null) {
    const token = newToken();
    const memberships = userId ? await repo.membershipsOf(userId) : [];
    // Back to where they last worked, if they still belong there; otherwise the first.
    const last = userId ? await repo.lastOrganisationOf(userId) : null;
    const current = memberships.find((m) => m.organisationId === last) ?? memberships[0];
    const at = now();
    const session = {
      at,
      tokenHash: hash(token),
      userId,
      organisationId: current?.organisationId ?? null,
      csrfToken: newToken(),
      expiresAt: new Date(at.getTime() + config.sessionMaxHours * 3_600_000),
      userAgent: request.headers['user-agent'] ?? null,
      ip: request.ip,
    };
    await repo.insert(session);
    setCookie(reply, token);
    request.session = { ...session, createdAt: at, lastSeenAt: at };
    return { memberships, current, session: request.session };
  }

  async function load(request: FastifyRequest) {
    request.memberships = [];
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const tokenHash = hash(token);
    const found = await find(tokenHash);
    if (!found) return;
    const { session, user } = found;
    const at = now();
    const idle = at.getTime() - session.lastSeenAt.getTime() > idleMs;
    if (idle || session.expiresAt <= at) {
      await repo.delete(tokenHash);
      request.sessionTimedOut = session.userId !== null;
      return;
    }
    if (at.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await repo.touch(tokenHash, at);
    request.session = session;
    if (!session.userId) return;
    request.user = user;
    request.memberships = found.memberships;
    request.organisation =
      request.memberships.find((m) => m.organisationId === session.organisationId) ??
      request.memberships[0] ??
      null;
  }

  return {
    load,
    async signIn(request, reply, userId) {
      const oldToken = request.cookies[SESSION_COOKIE];
      if (oldToken) await repo.delete(hash(oldToken));
      const { memberships, current } = await create(request, reply, userId);
      request.user = (await repo.findUser(userId)) ?? null;
      request.memberships = memberships;
      request.organisation = current ?? null;
    },
    async signOut(request, reply) {
      if (request.session) await repo.delete(request.session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      request.session = null;
      request.user = null;
      request.organisation = null;
      request.memberships = [];
    },
    async ensureSession(request, reply) {
      if (request.session) return request.session;
      return (await create(request, reply, null)).session;
    },
    async switchOrganisation(request, organisationId) {
      const target = request.memberships.find((m) => m.organisationId === organisationId);
      if (!target || !request.session) return false;
      await repo.setOrganisation(request.session.tokenHash, organisationId);
      if (request.session.userId) await repo.rememberOrganisation(request.session.userId, organisationId);
      request.organisation = target;
      return true;
    },
    async revokeOtherSessions(request) {
      if (!request.session?.userId) return 0;
      return repo.deleteForUser(request.session.userId, request.session.tokenHash);
    },
    listForUser: (userId) => repo.listForUser(userId),
    tokenHashOf: (request) => request.session?.tokenHash ?? null,
  };
}

type FoundSession = Awaited<ReturnType<SessionsRepo['findWithUser']>>;
// Enough for every person signed in at a large council; past it the store starts again.
const MAX_KEPT_SESSIONS = 10_000;

/**
 * The session lookup, answered from memory while no session, user, membership or organisation
 * has been written since it was read (see identity-writes.ts). Idle time and expiry are still
 * checked on every request against the kept times; the once-a-minute touch is a write, so the
 * next request reads the session again.
 */
function keptWhileUnchanged(repo: SessionsRepo, writes: IdentityWrites) {
  let keptAt = writes.current();
  const kept = new Map<string, NonNullable<FoundSession>>();
  return async (tokenHash: string): Promise<FoundSession> => {
    if (writes.current() !== keptAt || kept.size >= MAX_KEPT_SESSIONS) {
      kept.clear();
      keptAt = writes.current();
    }
    const known = kept.get(tokenHash);
    if (known) return known;
    const before = writes.current();
    const found = await repo.findWithUser(tokenHash);
    // Kept only if nothing was written while it was being read (it might be the old value).
    if (found && writes.current() === before && before === keptAt) kept.set(tokenHash, found);
    return found;
  };
}

/** Reads the session of every request in `scope` (the staff surface), before access is checked. */
export function readSessions(scope: FastifyInstance, sessions: SessionManager): void {
  scope.addHook('onRequest', async (request) => {
    // Probes never need a session; skipping them saves a query per check.
    if (request.url === '/health' || request.url === '/info') return;
    await sessions.load(request);
  });
}
