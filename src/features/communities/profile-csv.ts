import { csvText } from '../../platform/csv.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';
import type { Profile } from './profile.ts';

const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '' : (Math.round(share * 1000) / 10).toFixed(1);

/**
 * An area's profile as a spreadsheet: one row per category of every dataset, with exactly the
 * figures the page shows (published under the disclosure policy, so a hidden count is blank with
 * the reason), and each row naming its dataset, version, date, publisher and licence.
 */
export function profileCsv(profile: Profile, t: Translate): string {
  const header = [
    t('communities.csv.area'),
    t('communities.csv.areaCode'),
    t('communities.csv.dataset'),
    t('communities.csv.version'),
    t('communities.csv.date'),
    t('communities.csv.category'),
    t('communities.csv.count'),
    t('communities.csv.hidden'),
    t('communities.csv.percent'),
    t('communities.csv.lower'),
    t('communities.csv.upper'),
    t('communities.csv.comparator'),
    t('communities.csv.comparatorPercent'),
    t('communities.csv.publisher'),
    t('communities.csv.licence'),
  ];
  const rows = profile.sections.flatMap((section) =>
    section.rows.map((row) => [
      profile.area.name,
      profile.area.code,
      section.dataset.title,
      section.dataset.version,
      section.dataset.referenceDate ?? '',
      row.label,
      section.measure === 'count' ? (row.here.value ?? '') : '',
      row.here.hidden ? t('communities.profile.hidden') : '',
      percent(row.share),
      percent(row.interval?.lower),
      percent(row.interval?.upper),
      section.comparator?.name ?? '',
      percent(row.comparatorShare),
      section.dataset.publisher,
      section.dataset.licence,
    ]),
  );
  return csvText(rows, { header, byteOrderMark: true });
}
