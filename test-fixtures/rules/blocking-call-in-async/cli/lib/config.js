// Recursion decides nothing on its own. readConfig calls itself for what a config
// `extends`; its one other caller is bin/tool.js's run, so it is a one-shot step.
// walk is called by nothing but itself: it may be called from anywhere, but a directory
// walk's listing is no hot-path evidence for a file-system call, so it is quiet too.
const fs = require('fs');

async function readConfig(path) {
  const config = JSON.parse(fs.readFileSync(path, 'utf8'));
  if (config.extends) return { ...(await readConfig(config.extends)), ...config };
  return config;
}

async function walk(dir) {
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.includes('.')) await walk(`${dir}/${entry}`);
  }
}

module.exports = { readConfig, walk };
