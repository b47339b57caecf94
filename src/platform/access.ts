import type { Role } from './roles.ts';

/**
 * Every route declares who may use it (`config.access`). app.ts refuses to register a route
 * without a declaration, and test/authorisation.test.ts checks every role against every route.
 */
export type Access = { kind: 'public' } | { kind: 'signedIn' } | { kind: 'member'; roles: readonly Role[] };

export const PUBLIC: Access = { kind: 'public' };
/** Signed in, whatever their organisation or role (their own account, switching organisation). */
export const SIGNED_IN: Access = { kind: 'signedIn' };
export function membersWithRole(roles: readonly Role[]): Access {
  return { kind: 'member', roles };
}

/**
 * Tenant-owned records a route reaches by id. A route with an `:id`-style parameter names the
 * resource so the tenancy test can create one in another organisation and prove it gets a 404.
 */
export type TenantResource =
  | 'member'
  | 'auditEvent'
  | 'invitation'
  | 'action'
  | 'planImport'
  | 'objective'
  | 'planVersion'
  | 'group'
  | 'evidence'
  | 'assessment'
  | 'frameworkDefinition'
  | 'dataUpload'
  | 'area'
  | 'catalogueEntry'
  | 'dataset'
  | 'datasetShare'
  | 'payrollUpload'
  | 'payrollSnapshot'
  | 'employeeJourney'
  | 'monitoredService'
  | 'peerChallenge'
  | 'challengeImport'
  | 'challengeFinding'
  | 'impactAssessment'
  | 'eqiaProgramme'
  | 'eqiaComment'
  /** Not a record id but an organisation's short name, on the public surface: anyone may read it. */
  | 'publishedOrganisation'
  /** An organisation's short name and one of its published impact assessments, on the public surface. */
  | 'publishedAssessment'
  /** An impact assessment a critical friend has been invited to by link (the link itself is the capability). */
  | 'reviewerLink';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    resource?: TenantResource;
  }
}
