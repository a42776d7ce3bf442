// @ts-check
const { readFileSync } = require('fs');

async function load(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
  //                ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { load };
