import type { FastifyRequest } from 'fastify';
import { NotFoundError } from './http-errors.ts';

/** Record ids are UUIDs; anything else cannot name a record. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A route parameter that must be an id: anything else is a 404 before reaching the database. */
export function idParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name];
  if (!isId(value)) throw new NotFoundError();
  return value;
}
