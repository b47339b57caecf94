import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../access.ts';
import { govukDist, stylesheet } from './assets.ts';

const YEAR = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

/** Our stylesheet (hashed URL), our scripts, govuk-frontend's script, and its images. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const css = stylesheet();
  const appScript = fs.readFileSync(path.join(import.meta.dirname, 'app.js'));
  const mapsScript = fs.readFileSync(path.join(import.meta.dirname, 'maps.js'));
  const govukScript = fs.readFileSync(path.join(govukDist, 'govuk-frontend.min.js'));

  app.get(`/assets/app-${css.hash}.css`, { config: { access: PUBLIC } }, async (request, reply) =>
    reply.header('cache-control', YEAR).type('text/css; charset=utf-8').send(css.css),
  );
  app.get('/assets/app.js', { config: { access: PUBLIC } }, async (request, reply) =>
    reply.header('cache-control', REVALIDATE).type('text/javascript; charset=utf-8').send(appScript),
  );
  app.get('/assets/maps.js', { config: { access: PUBLIC } }, async (request, reply) =>
    reply.header('cache-control', REVALIDATE).type('text/javascript; charset=utf-8').send(mapsScript),
  );
  app.get('/assets/govuk/govuk-frontend.min.js', { config: { access: PUBLIC } }, async (request, reply) =>
    reply.header('cache-control', REVALIDATE).type('text/javascript; charset=utf-8').send(govukScript),
  );
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'assets'),
    prefix: '/assets/govuk/',
    maxAge: '1d',
    index: false,
    wildcard: true,
  });
}
