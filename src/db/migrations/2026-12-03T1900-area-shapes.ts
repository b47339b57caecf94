import { sql, type Kysely } from 'kysely';

/**
 * Each area's outline, from the boundary files an organisation imports, for drawing maps: GeoJSON
 * polygons (longitude, latitude), wound for d3-geo and rounded to about a metre. A newer file for
 * the same area replaces its outline; `imported_at` tells a cached map that its outlines changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table area_shapes (
      organisation_id uuid not null,
      area_code text not null,
      geometry jsonb not null,
      imported_at timestamptz not null default now(),
      primary key (organisation_id, area_code),
      foreign key (organisation_id, area_code) references areas (organisation_id, code) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table area_shapes;`.execute(db);
}
