// JSDoc names a class that this file holds only as a value from require():
// `{SyncEngine}` means an instance, and its methods are followed: the two async
// callers below are listed on the one finding, at the read in lib/sync-engine.js.
const { SyncEngine } = require('./lib/sync-engine.js');

/**
 * @typedef {Object} PrivateMembers
 * @property {SyncEngine} engine
 */

/** @type {WeakMap<Linter, PrivateMembers>} */
const privateMembers = new WeakMap();

class Linter {
  constructor() {
    privateMembers.set(this, { engine: new SyncEngine() });
  }

  /** @param {string[]} files */
  async lintFiles(files) {
    const { engine } = privateMembers.get(this);
    return engine.lintAll(files);
  }

  /** @param {string[]} files */
  async countFiles(files) {
    const { engine } = privateMembers.get(this);
    return engine.countAll(files);
  }
}

/**
 * @param {SyncEngine} engine
 * @param {string[]} files
 */
async function lintWith(engine, files) {
  return engine.lintAll(files);
}

module.exports = { Linter, lintWith };
