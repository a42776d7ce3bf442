"use strict";
// Loaded rows copied by another module's method (resolved through store.d.ts to
// store.js), then joined with a second query one find at a time.
Object.defineProperty(exports, "__esModule", { value: true });
exports.load = void 0;
const store_1 = require("./store");
async function load(db) {
    const store = new store_1.Store(db);
    const users = store.index(await store.rows("select * from users"));
    const orders = await store.rows("select * from orders");
    return orders.map((o) => users.find((u) => u.id === o.userId));
//         ^^^^^^^^^^ cpu-bound-on-event-loop
}
exports.load = load;
