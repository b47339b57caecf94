import { hashPassword } from '../../src/features/auth/passwords.ts';
import type { Db } from '../../src/db/connect.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { COMMAND_LINE_ACTOR } from '../../src/platform/audit/audit.ts';
import { ROLES, type Role } from '../../src/platform/roles.ts';
import type { Services } from '../../src/services.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

// scrypt is slow on purpose; hash the shared test password once per test file, not per user.
let testPasswordHash: Promise<string> | undefined;
function sharedHash(): Promise<string> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface TestOrganisation {
  organisation: Organisation;
  /** One user per role, e.g. users.admin, users.viewer. */
  users: Record<Role, TestUser>;
}

/** Adds a user with the shared test password to an organisation, straight into the tables. */
export async function addTestUser(
  db: Db,
  organisationId: string,
  role: Role,
  email: string,
): Promise<TestUser> {
  const displayName = `${role.replace('_', ' ')} ${email.split('@')[0]}`;
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: displayName,
      password_hash: await sharedHash(),
      password_changed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('memberships')
    .values({ organisation_id: organisationId, user_id: user.id, role })
    .execute();
  return { id: user.id, email, displayName, role };
}

/** An organisation (created through the real service, so it is audited) with one user per role. */
export async function createTestOrganisation(
  db: Db,
  services: Services,
  slug: string,
): Promise<TestOrganisation> {
  const organisation = await services.organisations.create(COMMAND_LINE_ACTOR, {
    name: `${slug} council`,
    slug,
  });
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES)
    users[role] = await addTestUser(db, organisation.id, role, `${role}@${slug}.test`);
  return { organisation, users };
}
