import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

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

/**
 * Compiles the stylesheet once per process. Compiling govuk-frontend takes a few seconds, so the
 * result is also kept in the system temp directory, keyed by the inputs, for the next process.
 */
export function stylesheet(): CompiledStylesheet {
  if (compiled) return compiled;
  const govukVersion = JSON.parse(
    fs.readFileSync(path.join(projectRoot, 'node_modules/govuk-frontend/package.json'), 'utf8'),
  ).version as string;
  const source = fs.readFileSync(scssFile, 'utf8');
  const key = createHash('sha256').update(govukVersion).update(source).digest('hex').slice(0, 16);
  const cacheFile = path.join(os.tmpdir(), `equalis-css-${key}.css`);
  let css: string;
  try {
    css = fs.readFileSync(cacheFile, 'utf8');
  } catch {
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
