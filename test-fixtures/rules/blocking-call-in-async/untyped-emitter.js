// A loop over what an event's listener passes on: as hot as the event. The emitter's type
// is not known here (`api` comes in untyped), but a 'message' event may be a socket's, one
// per message received, so the loop over its items stays evidence. Flagged.
const { rmSync } = require('fs');

class Relay {
  api;

  constructor(api) {
    this.api = api;
    this.api.on('message', this.onMessage);
  }

  onMessage = (items) => {
    this.drop(items).catch(() => {});
  };

  async drop(items) {
    for (const id of items) rmSync(`/var/spool/relay/${id}`, { force: true });
    //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
}

module.exports = { Relay };
