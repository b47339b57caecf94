import { PGlite } from '@electric-sql/pglite';
import { scryptSync, randomBytes } from 'node:crypto';
let t=Date.now(); const db = new PGlite(); await db.query('select 1'); console.log('fresh pglite', Date.now()-t);
await db.exec('create table t(id uuid primary key default gen_random_uuid(), x int, j jsonb, ts timestamptz default now())');
await db.query('insert into t(x,j) values ($1,$2)', [1, {a:1}]);
const r = await db.query('select *, count(*) over () as c from t'); console.log(r.rows, r.fields.map(f=>f.dataTypeID));
t=Date.now(); const dump = await db.dumpDataDir('none'); console.log('dump', Date.now()-t, dump.size);
t=Date.now(); const db2 = new PGlite({loadDataDir: dump}); await db2.query('select 1'); console.log('load from dump', Date.now()-t);
for (const N of [2**14, 2**15, 2**16]) { t=Date.now(); scryptSync('password', randomBytes(16), 64, {N, r:8, p:1, maxmem: 256*1024*1024}); console.log('scrypt', N, Date.now()-t); }
