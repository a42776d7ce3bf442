// @ts-check
const { readFileSync } = require('fs');
const { readFile } = require('fs/promises');

async function load(path) {
  return JSON.parse(await readFile(path, 'utf8'));
  //                ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { load };
