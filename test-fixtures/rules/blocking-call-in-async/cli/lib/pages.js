const load = require('./shared-load');

async function page(name) {
  return load(`/srv/${name}.html`);
}

module.exports = { page };
