#!/usr/bin/env node
/* loopwise-disable blocking-call-in-async, sequential-await -- a build script */
const { readFileSync } = require('node:fs');

async function build(files) {
  const out = [];
  for (const f of files) {
    out.push(await Promise.resolve(readFileSync(f, 'utf8')));
  }
  return out;
}
module.exports = { build };
