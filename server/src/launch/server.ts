/** The language server process: loads the server bundle through the compile cache. */
import { join } from 'node:path';
import { requireWithCompileCache } from './compile-cache';

requireWithCompileCache(join(__dirname, 'server-main.js'));
