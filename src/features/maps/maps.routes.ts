import type { FastifyInstance, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { organisationIdOf } from '../../platform/actor.ts';
import { createFragmentStore } from '../../platform/rendered-fragments.ts';
import { STAFF } from '../../platform/roles.ts';
import { CLASS_METHODS, classOf, isClassMethod } from '../../stats/classify.ts';
import { mapWords, percentText } from './map-words.ts';
import type { MapOptions, MapsService, PreparedMap } from './maps.service.ts';
import { isPaletteId, MAX_CLASSES, MIN_CLASSES, PALETTE_IDS, paletteColours } from './palettes.ts';

const VIEWS = 'features/maps/views';

/** The map a query asks for; anything missing or not understood falls back to the usual choice. */
export function mapOptionsOf(query: Record<string, unknown>): MapOptions {
  const text = (key: string) =>
    typeof query[key] === 'string' && query[key] ? (query[key] as string) : undefined;
  const classes = Number(text('classes') ?? 5);
  return {
    datasetId: text('dataset'),
    level: text('level'),
    within: text('within'),
    category: text('category'),
    method: isClassMethod(text('method')) ? (text('method') as MapOptions['method']) : 'quantile',
    classes: Number.isInteger(classes) ? Math.min(MAX_CLASSES, Math.max(MIN_CLASSES, classes)) : 5,
    palette: isPaletteId(text('palette')) ? (text('palette') as MapOptions['palette']) : 'sequential',
  };
}

function queryOf(request: FastifyRequest) {
  return mapOptionsOf(request.query as Record<string, unknown>);
}

/** Equality maps: any current dataset's category by area, coloured in classes, with its table and sentence. */
export function mapsRoutes(app: FastifyInstance, { maps }: { maps: MapsService }): void {
  // The page's body (form, map, key, table) is its cost and is the same for the same data,
  // options and language: keep it, checking freshness in one query.
  const renderedMaps = createFragmentStore({ maxEntries: 64, maxBytes: 32 * 1024 * 1024 });

  app.get('/data/maps', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const options = queryOf(request);
    const stamp = await maps.stamp(organisationId);
    const key = JSON.stringify([organisationId, stamp, request.locale, options]);
    let bodyHtml = renderedMaps.find(key);
    if (bodyHtml === undefined) {
      const prepared = await maps.prepare(organisationId, options, stamp);
      if (!prepared)
        return reply.render(`${VIEWS}/maps.njk`, {
          title: request.t('maps.pageTitle'),
          prepared: null,
          backLink: '/data',
        });
      bodyHtml = renderedMaps.keep(
        key,
        reply.renderFragment(`${VIEWS}/_map-body.njk`, await bodyOf(request, prepared)),
      );
    }
    return reply.render(`${VIEWS}/maps.njk`, {
      title: request.t('maps.pageTitle'),
      backLink: '/data',
      prepared: true,
      bodyHtml,
    });
  });

  async function bodyOf(request: FastifyRequest, prepared: PreparedMap) {
    const organisationId = organisationIdOf(request);
    const options = prepared.options;
    const words = mapWords(prepared, request.t);
    const drawn = await maps.draw(organisationId, prepared, words);
    const colours = paletteColours(options.palette, drawn.classes.length);
    const classing = prepared.classing;
    const download = new URLSearchParams({
      dataset: prepared.layer.dataset.id,
      level: prepared.layer.level,
      category: prepared.layer.category.code,
      method: options.method,
      classes: String(options.classes),
      palette: options.palette,
      ...(prepared.layer.within ? { within: prepared.layer.within.code } : {}),
    });
    return {
      prepared,
      options,
      words,
      svg: drawn.svg,
      legend: drawn.classes.map((one) => ({
        ...one,
        text: words.rangeText(one.lower, one.upper, one.count),
      })),
      withoutFigure: drawn.withoutFigure,
      rows: prepared.layer.areas.map((area) => {
        const index = area.share === null || !classing ? null : classOf(classing, area.share);
        return {
          ...area,
          shareText: area.share === null ? null : percentText(area.share),
          classNumber: index === null ? null : index + 1,
          colour: index === null ? null : colours[index],
        };
      }),
      methods: CLASS_METHODS,
      palettes: PALETTE_IDS,
      classCounts: Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, index) => index + MIN_CLASSES),
      downloadHref: `/data/maps/map.svg?${download.toString()}`,
    };
  }

  app.get('/data/maps/map.svg', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const prepared = await maps.prepare(organisationId, queryOf(request));
    if (!prepared) return reply.code(404).type('text/plain; charset=utf-8').send(request.t('maps.noMaps'));
    const drawn = await maps.draw(organisationId, prepared, mapWords(prepared, request.t));
    const name = `map-${prepared.layer.level}-${prepared.layer.category.code}`.replace(/[^a-z0-9-]+/gi, '-');
    return reply
      .header('content-disposition', `attachment; filename="${name}.svg"`)
      .type('image/svg+xml; charset=utf-8')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n${drawn.svg}`);
  });
}
