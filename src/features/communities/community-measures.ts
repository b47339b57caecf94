/**
 * What other features may ask of community data, and nothing more: which measures exist (a
 * category of a classification, in the current datasets), for which areas, and a measure's
 * latest published value in an area. Objectives bind indicators through it; impact assessments
 * and monitoring will read profiles through it.
 */
export interface MeasureChoice {
  classification: string;
  classificationTitle: string;
  categories: { code: string; label: string }[];
}

export interface LatestValue {
  /** The share as published (disclosure control applied), 0–1, or null when it is hidden. */
  share: number | null;
  datasetTitle: string;
  datasetVersion: number;
  referenceDate: string | null;
  areaName: string;
  categoryLabel: string;
}

/** A classification's published shares in an area, from the newest current dataset that has it. */
export interface Breakdown {
  areaName: string;
  datasetTitle: string;
  referenceDate: string | null;
  categories: { code: string; label: string; share: number | null }[];
}

export interface CommunityMeasures {
  /** Each classification's breakdown in an area, read in one go (one profile, not one each). */
  breakdowns(
    organisationId: string,
    areaCode: string,
    classifications: readonly string[],
  ): Promise<Map<string, Breakdown | null>>;
  measureChoices(organisationId: string): Promise<MeasureChoice[]>;
  /**
   * Changes whenever anything a figure from here depends on does (datasets, areas, the disclosure
   * policy): what was worked out from the same stamp may be shown again.
   */
  dataStamp(organisationId: string): Promise<string>;
  /** Areas a measure may be followed in: authorities, wards, regions and custom areas. */
  areaChoices(organisationId: string): Promise<{ code: string; name: string; level: string }[]>;
  latestValue(
    organisationId: string,
    measure: { areaCode: string; classification: string; category: string },
  ): Promise<LatestValue | null>;
}
