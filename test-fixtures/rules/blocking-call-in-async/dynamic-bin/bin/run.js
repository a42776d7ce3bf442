#!/usr/bin/env node
// A bin that finds its CLI through its own real path (npm links bins) and imports it as a
// file URL: the path is still anchored at this file, so lib/run.mjs runs as the command.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const __filename = fileURLToPath(import.meta.url);
const lib = join(dirname(realpathSync(__filename)), '../lib');
const libUrl = pathToFileURL(join(lib, 'run.mjs')).href;

import(libUrl).then(({ default: run }) => run());
