#!/usr/bin/env node
// A `bin` target: it runs once per command, so its async steps are one-shot.
const fs = require('fs');
const { execFileSync } = require('child_process');
const { writeSite } = require('../lib/steps');
const { readConfig } = require('../lib/config');
const { Site, generateWith, publishWith } = require('../lib/site');

async function build(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync('touch', [`${outDir}/.nojekyll`]);
}

async function run(argv) {
  const config = JSON.parse(fs.readFileSync(argv[2] || 'tool.json', 'utf8'));
  await build(config.out);
  await writeSite(config.out);
  await readConfig(config.base);
  const site = new Site();
  await generateWith(site, config.out);
  await publishWith(site, config.out);
}

module.exports = { run };
