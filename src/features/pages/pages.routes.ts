import type { FastifyInstance } from 'fastify';
import { PUBLIC } from '../../platform/access.ts';

export function pagesRoutes(
  app: FastifyInstance,
  { health, version }: { health: { databaseReachable(): Promise<boolean> }; version: string },
): void {
  app.get('/accessibility', { config: { access: PUBLIC } }, async (request, reply) =>
    reply.render('features/pages/views/accessibility.njk', {
      title: request.t('layout.footer.accessibility'),
    }),
  );

  app.get('/cookies', { config: { access: PUBLIC } }, async (request, reply) =>
    reply.render('features/pages/views/cookies.njk', { title: request.t('layout.footer.cookies') }),
  );

  /** For load balancers and monitoring: 200 when the database answers, 503 when it does not. */
  app.get('/health', { config: { access: PUBLIC } }, async (request, reply) => {
    const healthy = await health.databaseReachable();
    return reply
      .status(healthy ? 200 : 503)
      .send({ status: healthy ? 'ok' : 'unavailable', checks: { database: healthy ? 'ok' : 'unreachable' } });
  });

  app.get('/info', { config: { access: PUBLIC } }, async () => ({ name: 'equalis', version }));
}
