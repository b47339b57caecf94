import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../../..');
export const govukDist = path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk');
const scssFile = path.join(here, 'app.scss');

export interface CompiledStylesheet {
  css: string;
  /** Short content hash used in the URL, so browsers may cache the file for a year. */
  hash: string;
}

let compiled: CompiledStylesheet | undefined;

/** Where the compiled stylesheet is kept between processes, keyed by its inputs. */
export function stylesheetCacheFile(): string {
  const govukVersion = JSON.parse(
    fs.readFileSync(path.join(projectRoot, 'node_modules/govuk-frontend/package.json'), 'utf8'),
  ).version as string;
  const source = fs.readFileSync(scssFile, 'utf8');
  const key = createHash('sha256').update(govukVersion).update(source).digest('hex').slice(0, 16);
  return path.join(cacheDirectory(), `equalis-css-${key}.css`);
}

/** node_modules/.cache when it can be written (it can after `npm install`), else the system temp folder. */
function cacheDirectory(): string {
  const local = path.join(projectRoot, 'node_modules', '.cache', 'equalis');
  try {
    fs.mkdirSync(local, { recursive: true });
    fs.accessSync(local, fs.constants.W_OK);
    return local;
  } catch {
    return os.tmpdir();
  }
}

/**
 * The stylesheet, compiled once per install rather than on every start: compiling govuk-frontend
 * takes a few seconds, so `npm install` compiles it ahead (bin/build-assets.js) and every process
 * reads the copy, compiling only if the inputs changed since.
 */
export function stylesheet(): CompiledStylesheet {
  if (compiled) return compiled;
  const cacheFile = stylesheetCacheFile();
  let css: string;
  try {
    css = fs.readFileSync(cacheFile, 'utf8');
  } catch {
    // Loaded only when there is no compiled copy: `npm install` makes one (bin/build-assets.js).
    const sass = createRequire(import.meta.url)('sass') as typeof import('sass');
    css = sass.compile(scssFile, {
      loadPaths: [path.join(projectRoot, 'node_modules')],
      style: 'compressed',
      quietDeps: true,
      silenceDeprecations: ['import'],
    }).css;
    const temporary = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(temporary, css);
    fs.renameSync(temporary, cacheFile);
  }
  compiled = { css, hash: createHash('sha256').update(css).digest('hex').slice(0, 12) };
  return compiled;
}
