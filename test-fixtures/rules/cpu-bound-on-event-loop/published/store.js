"use strict";
// A package's compiled output, as tsc --declaration writes it: store.d.ts beside
// store.js. Callers' require("./store") resolves to the declarations; the code
// that runs, and that data origin follows, is this file.
Object.defineProperty(exports, "__esModule", { value: true });
exports.Store = void 0;
class Store {
    constructor(db) {
        this.db = db;
    }
    async rows(sql) {
        return await this.db.query(sql);
    }
    index(rows) {
        const out = [];
        for (let i = 0; i < rows.length; i++)
            out.push(rows[i]);
        return out;
    }
}
exports.Store = Store;
