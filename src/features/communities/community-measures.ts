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

export interface CommunityMeasures {
  measureChoices(organisationId: string): Promise<MeasureChoice[]>;
  /** Areas a measure may be followed in: authorities, wards, regions and custom areas. */
  areaChoices(organisationId: string): Promise<{ code: string; name: string; level: string }[]>;
  latestValue(
    organisationId: string,
    measure: { areaCode: string; classification: string; category: string },
  ): Promise<LatestValue | null>;
}
