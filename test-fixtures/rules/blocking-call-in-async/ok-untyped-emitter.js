// The same shape for a named lifecycle event of an emitter the checker does not know
// (`api` comes in untyped): the listener runs when a plugin unregisters accessories, and
// the loop over the ones it passes on is no hot path. Left alone.
const { rmSync } = require('fs');

class Manager {
  api;

  constructor(api) {
    this.api = api;
    this.api.on('unregisterAccessories', this.onUnregister);
  }

  teardown() {
    this.api.removeListener('unregisterAccessories', this.onUnregister);
  }

  onUnregister = (accessories) => {
    this.unregister(accessories).catch(() => {});
  };

  async unregister(accessories) {
    for (const accessory of accessories) rmSync(`/var/lib/accessories/${accessory.id}`, { recursive: true, force: true });
  }
}

module.exports = { Manager };
