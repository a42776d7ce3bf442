#!/usr/bin/env node
// A `bin` target that only hands over to the module it requires (json-server's
// bin.js: `require('./')()`): what that module's exported function does when the
// command starts is start-up, across modules, however the importer names it.
require('../lib/mock-cli')();
