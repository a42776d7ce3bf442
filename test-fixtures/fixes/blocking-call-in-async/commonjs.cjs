const { readFileSync } = require('fs');

async function load(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

module.exports = { load };
