#!/usr/bin/env node
// The same launcher shape for a command that keeps running on a timer (lib/watch.mjs).
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const lib = join(dirname(realpathSync(fileURLToPath(import.meta.url))), '../lib');

import(pathToFileURL(join(lib, 'watch.mjs')).href).then(({ default: watch }) => watch());
