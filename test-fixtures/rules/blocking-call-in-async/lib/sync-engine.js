// A synchronous engine, required by ../jsdoc-class-value.js.
const fs = require('node:fs');

class SyncEngine {
  /** @param {string[]} files */
  lintAll(files) {
    return files.map((file) => fs.readFileSync(file, 'utf8').length);
    //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }

  /** @param {string[]} files */
  countAll(files) {
    return files.length;
  }
}

// An exports object with a method of its own: the requiring file then holds
// SyncEngine only as a value, and TypeScript reads `@type {SyncEngine}` as any.
module.exports = {
  SyncEngine,
  /** @param {SyncEngine} engine */
  describe(engine) {
    return String(engine);
  },
};
