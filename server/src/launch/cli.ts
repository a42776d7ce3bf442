#!/usr/bin/env node
/** `loopwise`: loads the CLI bundle through the compile cache and runs it. */
import { join } from 'node:path';
import { requireWithCompileCache } from './compile-cache';

const cli = requireWithCompileCache(join(__dirname, 'cli-main.js')) as typeof import('../cli');
cli.runFromCommandLine();
