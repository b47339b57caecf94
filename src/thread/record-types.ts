import { EDITORS, LEADS, type Role } from '../platform/roles.ts';

/**
 * The kinds of record the golden thread joins. Each is owned by one feature, which registers how
 * to name it, where it lives and who may see it (record-registry.ts).
 *
 * Most ids are the record's uuid. Two are composite, because the records live inside another:
 * a framework's criterion is `<frameworkId>:<criterion ref>` (evidence serves a criterion in every
 * assessment against that framework), and a criterion within one assessment is
 * `<assessmentId>:<criterion ref>` (an action raised for a gap found in that assessment).
 */
export const RECORD_TYPES = [
  'objective',
  'action',
  'evidence',
  'criterion',
  'assessment-criterion',
  'group',
  'pay-gap',
  'monitored-service',
  'challenge-finding',
  'impact-assessment',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RecordRef {
  type: RecordType;
  id: string;
}

export function isRecordType(value: unknown): value is RecordType {
  return typeof value === 'string' && (RECORD_TYPES as readonly string[]).includes(value);
}

/** `type:id`, the form a reference takes in a form field or an audit entry. */
export function formatRecordRef(ref: RecordRef): string {
  return `${ref.type}:${ref.id}`;
}

/** Reads `type:id` back; undefined for anything that is not one (the id may itself hold a colon). */
export function parseRecordRef(text: string): RecordRef | undefined {
  const colon = text.indexOf(':');
  if (colon < 1) return undefined;
  const type = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!isRecordType(type) || id.length === 0 || id.length > 300) return undefined;
  return { type, id };
}

export const criterionRecord = (frameworkId: string, criterionRef: string): RecordRef => ({
  type: 'criterion',
  id: `${frameworkId}:${criterionRef}`,
});

export const assessmentCriterionRecord = (assessmentId: string, criterionRef: string): RecordRef => ({
  type: 'assessment-criterion',
  id: `${assessmentId}:${criterionRef}`,
});

/** Splits a composite id (`owner:ref`) into its two parts. */
export function compositeId(id: string): { owner: string; ref: string } | undefined {
  const colon = id.indexOf(':');
  if (colon < 1 || colon === id.length - 1) return undefined;
  return { owner: id.slice(0, colon), ref: id.slice(colon + 1) };
}

/**
 * Where a linked record sits in a record's "Linked records" panel, seen from that record:
 * why it exists (an objective, a criterion), what is being done about it (actions), what shows it
 * worked (evidence) and who keeps an eye on it (an equality group).
 */
export const PANEL_SECTIONS = ['why', 'delivery', 'proof', 'oversight'] as const;
export type PanelSection = (typeof PANEL_SECTIONS)[number];

interface LinkKind {
  from: readonly RecordType[];
  to: readonly RecordType[];
  /** The section the `to` record appears in on the `from` record's panel, and the other way. */
  seenFromSource: PanelSection;
  seenFromTarget: PanelSection;
  /** Who may add or remove a link of this kind. */
  changedBy: readonly Role[];
}

/**
 * Every kind of link, by the pair of record types it joins (a pair has one kind). The direction
 * reads as a sentence: an action delivers an objective; evidence supports a criterion.
 */
export const LINK_KINDS = {
  delivers: {
    from: ['action'],
    to: ['objective'],
    seenFromSource: 'why',
    seenFromTarget: 'delivery',
    changedBy: LEADS,
  },
  addresses: {
    from: ['action'],
    to: ['assessment-criterion'],
    seenFromSource: 'why',
    seenFromTarget: 'delivery',
    changedBy: LEADS,
  },
  supports: {
    from: ['evidence'],
    to: ['criterion'],
    seenFromSource: 'why',
    seenFromTarget: 'proof',
    changedBy: EDITORS,
  },
  shows: {
    from: ['evidence'],
    to: ['action', 'objective'],
    seenFromSource: 'why',
    seenFromTarget: 'proof',
    changedBy: EDITORS,
  },
  /** An action meant to narrow a gap: a pay gap (one payroll snapshot's), or who a service reaches. */
  narrows: {
    from: ['action'],
    to: ['pay-gap', 'monitored-service'],
    seenFromSource: 'why',
    seenFromTarget: 'delivery',
    changedBy: LEADS,
  },
  /** An action the council took on because of a peer challenge's recommendation or finding. */
  answers: {
    from: ['action'],
    to: ['challenge-finding'],
    seenFromSource: 'why',
    seenFromTarget: 'delivery',
    changedBy: LEADS,
  },
  /** An action that removes or reduces an adverse impact an assessment found (a mitigation). */
  mitigates: {
    from: ['action'],
    to: ['impact-assessment'],
    seenFromSource: 'why',
    seenFromTarget: 'delivery',
    changedBy: EDITORS,
  },
  oversees: {
    from: ['group'],
    to: ['objective', 'action'],
    seenFromSource: 'delivery',
    seenFromTarget: 'oversight',
    changedBy: LEADS,
  },
} as const satisfies Record<string, LinkKind>;

export type LinkKindName = keyof typeof LINK_KINDS;

/** The kind of link that joins `from` to `to`, or undefined when such records are never joined. */
export function linkKindOf(from: RecordType, to: RecordType): LinkKindName | undefined {
  for (const [name, kind] of Object.entries(LINK_KINDS) as [LinkKindName, LinkKind][])
    if (kind.from.includes(from) && kind.to.includes(to)) return name;
  return undefined;
}

/** Every way a record of `type` can be joined to another: the record on the other end, and which end this is. */
export function linkablesOf(
  type: RecordType,
): { kind: LinkKindName; other: RecordType; asSource: boolean }[] {
  const found: { kind: LinkKindName; other: RecordType; asSource: boolean }[] = [];
  for (const [name, kind] of Object.entries(LINK_KINDS) as [LinkKindName, LinkKind][]) {
    if (kind.from.includes(type))
      for (const other of kind.to) found.push({ kind: name, other, asSource: true });
    if (kind.to.includes(type))
      for (const other of kind.from) found.push({ kind: name, other, asSource: false });
  }
  return found;
}

export function sectionOf(kind: LinkKindName, asSource: boolean): PanelSection {
  const definition: LinkKind = LINK_KINDS[kind];
  return asSource ? definition.seenFromSource : definition.seenFromTarget;
}
