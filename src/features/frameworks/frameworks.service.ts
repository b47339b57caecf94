import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { BUILT_IN_FRAMEWORKS } from './built-in-frameworks.ts';
import { diffDefinitions } from './framework-diff.ts';
import { definitionKey, validateDefinition, type FrameworkDefinition } from './framework-definition.ts';
import { readUntrustedDefinitionText } from './framework-file.ts';
import type { FrameworksRepo } from './frameworks.repo.ts';

export interface CatalogueEntry {
  key: string;
  definition: FrameworkDefinition;
  origin: 'built-in' | 'imported';
  importedBy: string | null;
  importedAt: Date | null;
  assessments: number;
}

/**
 * The frameworks an organisation can assess against: the built-in ones plus any it imported.
 * Imported definitions are never replaced; a changed text is a new version.
 */
export function createFrameworksService(deps: { db: Db; repo: FrameworksRepo; audit: RecordAudit }) {
  const { db, repo, audit } = deps;

  async function catalogue(organisationId: string): Promise<CatalogueEntry[]> {
    const [stored, counts] = await Promise.all([
      repo.list(db, organisationId),
      repo.assessmentCounts(db, organisationId),
    ]);
    const imported = stored.flatMap((row) => {
      const result = validateDefinition(row.definition);
      // A stored definition was valid when imported; if a later format change made it invalid it
      // is left out of new choices (assessments keep their own copy either way).
      return result.ok
        ? [
            {
              definition: result.definition,
              origin: 'imported' as const,
              importedBy: row.importedByLabel,
              importedAt: row.createdAt,
            },
          ]
        : [];
    });
    const builtIn = BUILT_IN_FRAMEWORKS.map((definition) => ({
      definition,
      origin: 'built-in' as const,
      importedBy: null,
      importedAt: null,
    }));
    return [...builtIn, ...imported].map((entry) => {
      const key = definitionKey(entry.definition);
      return { ...entry, key, assessments: counts.get(key) ?? 0 };
    });
  }

  /** The definition named `id@version`, if this organisation has it. */
  async function lookup(organisationId: string, key: string): Promise<CatalogueEntry | undefined> {
    return (await catalogue(organisationId)).find((candidate) => candidate.key === key);
  }

  async function find(organisationId: string, key: string): Promise<CatalogueEntry> {
    const entry = await lookup(organisationId, key);
    if (!entry) throw new NotFoundError();
    return entry;
  }

  return {
    catalogue,
    lookup,
    find,

    /** One entry per framework family (eflg-2021, nhs-eds-2022…): what evidence is linked by. */
    async families(organisationId: string): Promise<{ id: string; name: string }[]> {
      const byId = new Map(
        (await catalogue(organisationId)).map((entry) => [entry.definition.id, entry.definition.name]),
      );
      return [...byId].map(([id, name]) => ({ id, name }));
    },

    /** Validates and stores a definition file's text; problems come back for the form to list. */
    async importText(
      actor: Actor,
      organisationId: string,
      text: string,
    ): Promise<{ ok: true; key: string } | { ok: false; problems: string[] }> {
      const result = await readUntrustedDefinitionText(text);
      if (!result.ok) return result;
      const { definition } = result;
      const key = definitionKey(definition);
      if (await lookup(organisationId, key))
        throw new RuleError('file', 'frameworks.errors.alreadyLoaded', {
          name: definition.name,
          version: definition.version,
          key,
        });
      await db.transaction().execute(async (trx) => {
        await repo.insert(trx, organisationId, {
          frameworkId: definition.id,
          version: definition.version,
          definition,
          importedByLabel: actor.label,
        });
        await audit(trx, actor, {
          organisationId,
          action: 'framework.imported',
          entityType: 'framework',
          entityId: null,
          summary: `Loaded the framework definition ${definition.name} ${definition.version} (${key}, ${definition.criteria.length} criteria, ${definition.wording === 'official' ? 'official text' : 'own words'})`,
        });
      });
      return { ok: true, key };
    },

    async compare(organisationId: string, fromKey: string, toKey: string) {
      const [from, to] = await Promise.all([find(organisationId, fromKey), find(organisationId, toKey)]);
      return { from, to, changes: diffDefinitions(from.definition, to.definition) };
    },
  };
}

export type FrameworksService = ReturnType<typeof createFrameworksService>;
