#!/usr/bin/env node
// Run by `npm install` (the "prepare" script): compiles the stylesheet ahead of time, so no start
// of Equalis spends seconds compiling govuk-frontend's Sass. Safe to run again at any time.
import { register } from 'tsx/esm/api';

register();
const { stylesheet, stylesheetCacheFile } = await import('../src/platform/assets/assets.ts');
const started = Date.now();
stylesheet();
console.log(`Equalis stylesheet ready in ${Date.now() - started} ms (${stylesheetCacheFile()})`);
