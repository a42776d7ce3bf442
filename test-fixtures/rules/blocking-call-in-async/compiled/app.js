// Calls into the compiled module are followed to its .js, not stopped at its .d.ts.
import { readTemplate, Store } from './store.js';
import { readAll } from './vendor.js';

const store = new Store();

export async function show(name) {
  return readTemplate(name) + store.lookup(name) + readAll(name);
}
