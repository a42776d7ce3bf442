// JavaScript as TypeScript emits it: the class declares its fields without a value
// (`store;`), which makes them `any` to the checker. A field that the class only ever
// assigns `new Store(…)` holds a Store, so `this.store.read()` is Store's read.
const { execFileSync } = require('child_process');

class Store {
  read(key) {
    return execFileSync('cat', [`/srv/${key}`], { encoding: 'utf8' });
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

class Cache {
  read(key) {
    return execFileSync('redis-cli', ['get', key], { encoding: 'utf8' });
  }
}

class Api {
  store;
  backend;

  constructor(options) {
    this.store = new Store();
    // Assigned two classes: which read() runs is not known, so neither is followed.
    this.backend = new Store();
    if (options.cache) this.backend = new Cache();
  }

  async get(key) {
    return this.store.read(key);
  }

  async lookup(key) {
    return this.backend.read(key);
  }
}

module.exports = { Api };
