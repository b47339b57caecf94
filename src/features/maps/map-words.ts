import type { Translate } from '../../platform/i18n/i18n.ts';
import type { MapWords, PreparedMap } from './maps.service.ts';

export function percentText(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The map's sentence: what it shows, the highest and lowest areas, and the middle half's spread. */
export function mapSentence(prepared: PreparedMap, t: Translate): string {
  const { layer, summary } = prepared;
  const parts = [
    t(layer.within ? 'maps.sentence.showsWithin' : 'maps.sentence.shows', {
      category: layer.category.label,
      count: layer.areas.length,
      level: t(`communities.levels.${layer.level}`),
      place: layer.within?.name ?? '',
    }),
  ];
  if (summary.highest && summary.lowest && summary.shown > 1)
    parts.push(
      t('maps.sentence.range', {
        highest: summary.highest.name,
        highestShare: percentText(summary.highest.share),
        lowest: summary.lowest.name,
        lowestShare: percentText(summary.lowest.share),
      }),
      t('maps.sentence.middle', {
        lower: percentText(summary.lowerQuartile!),
        upper: percentText(summary.upperQuartile!),
      }),
    );
  if (summary.withoutFigure) parts.push(t('maps.sentence.withoutFigure', { count: summary.withoutFigure }));
  return parts.join(' ');
}

export function mapWords(prepared: PreparedMap, t: Translate): MapWords {
  const { layer } = prepared;
  return {
    title: t('maps.title', { category: layer.category.label, dataset: layer.dataset.title }),
    summary: mapSentence(prepared, t),
    legendTitle: t('maps.legendTitle', { category: layer.category.label }),
    noFigureText: t('maps.noFigure'),
    rangeText: (lower, upper, count) =>
      t('maps.range', { lower: percentText(lower), upper: percentText(upper), count }),
    describe: (area) =>
      area.share !== null
        ? `${area.name}: ${percentText(area.share)}`
        : `${area.name}: ${t(area.why === 'hidden' ? 'maps.hidden' : 'maps.noFigureHere')}`,
  };
}
