import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Role } from './roles.ts';
import { isLocale, type Locale } from './i18n/i18n.ts';

export interface SessionRow {
  tokenHash: string;
  userId: string | null;
  organisationId: string | null;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  /** The language they chose for the service; null until they choose. */
  language: Locale | null;
}

export interface MembershipSummary {
  organisationId: string;
  slug: string;
  name: string;
  brandColour: string | null;
  role: Role;
}

const sessionColumns = [
  'token_hash as tokenHash',
  'user_id as userId',
  'organisation_id as organisationId',
  'csrf_token as csrfToken',
  'created_at as createdAt',
  'last_seen_at as lastSeenAt',
  'expires_at as expiresAt',
  'user_agent as userAgent',
] as const;

export function createSessionsRepo(db: Db) {
  return {
    /** The session and, if signed in, its user, in one query (this runs on every page view). */
    /**
     * The session with its user and the user's memberships, in one query: every staff request
     * starts here, and on the embedded database each round trip is a noticeable part of a page.
     */
    async findWithUser(
      tokenHash: string,
    ): Promise<
      { session: SessionRow; user: SessionUser | null; memberships: MembershipSummary[] } | undefined
    > {
      const row = await db
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .select([
          sql<MembershipSummary[] | null>`(
            select json_agg(json_build_object(
                     'organisationId', o.id, 'slug', o.slug, 'name', o.name,
                     'brandColour', o.brand_colour, 'role', m.role) order by o.name, o.id)
              from memberships m join organisations o on o.id = m.organisation_id
             where m.user_id = sessions.user_id)`.as('memberships'),
          'sessions.token_hash as tokenHash',
          'sessions.user_id as userId',
          'sessions.organisation_id as organisationId',
          'sessions.csrf_token as csrfToken',
          'sessions.created_at as createdAt',
          'sessions.last_seen_at as lastSeenAt',
          'sessions.expires_at as expiresAt',
          'sessions.user_agent as userAgent',
          'users.email as userEmail',
          'users.display_name as userDisplayName',
          'users.language as userLanguage',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return undefined;
      const { userEmail, userDisplayName, userLanguage, memberships, ...session } = row;
      const user =
        session.userId && userEmail && userDisplayName
          ? {
              id: session.userId,
              email: userEmail,
              displayName: userDisplayName,
              language: isLocale(userLanguage) ? userLanguage : null,
            }
          : null;
      return { session, user, memberships: memberships ?? [] };
    },

    async insert(session: {
      at: Date;
      tokenHash: string;
      userId: string | null;
      organisationId: string | null;
      csrfToken: string;
      expiresAt: Date;
      userAgent: string | null;
      ip: string | null;
    }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          token_hash: session.tokenHash,
          user_id: session.userId,
          organisation_id: session.organisationId,
          csrf_token: session.csrfToken,
          expires_at: session.expiresAt,
          created_at: session.at,
          last_seen_at: session.at,
          user_agent: session.userAgent?.slice(0, 300) ?? null,
          ip: session.ip,
        })
        .execute();
    },

    async touch(tokenHash: string, at: Date): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async setOrganisation(tokenHash: string, organisationId: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ organisation_id: organisationId })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async delete(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },

    async deleteForUser(userId: string, exceptTokenHash?: string): Promise<number> {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpired(idleCutoff: Date, now: Date): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleCutoff)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async listForUser(userId: string): Promise<SessionRow[]> {
      return db
        .selectFrom('sessions')
        .select(sessionColumns)
        .where('user_id', '=', userId)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },

    async lastOrganisationOf(userId: string): Promise<string | null> {
      const row = await db
        .selectFrom('users')
        .select('last_organisation_id')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.last_organisation_id ?? null;
    },

    async rememberOrganisation(userId: string, organisationId: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ last_organisation_id: organisationId })
        .where('id', '=', userId)
        .execute();
    },

    async findUser(userId: string): Promise<SessionUser | undefined> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'display_name as displayName', 'language'])
        .where('id', '=', userId)
        .executeTakeFirst();
      return user && { ...user, language: isLocale(user.language) ? user.language : null };
    },

    async setLanguage(userId: string, language: Locale): Promise<void> {
      await db.updateTable('users').set({ language }).where('id', '=', userId).execute();
    },

    async membershipsOf(userId: string): Promise<MembershipSummary[]> {
      return db
        .selectFrom('memberships')
        .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
        .select([
          'organisations.id as organisationId',
          'organisations.slug',
          'organisations.name',
          'organisations.brand_colour as brandColour',
          'memberships.role',
        ])
        .where('memberships.user_id', '=', userId)
        .orderBy('organisations.name')
        .execute();
    },
  };
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
