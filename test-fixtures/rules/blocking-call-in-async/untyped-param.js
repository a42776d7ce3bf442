// A JavaScript parameter with no declared type reads `any` to the checker. When
// every call of its function passes an argument whose type the checker knows, a
// method called on the parameter is that type's method: the request handler below
// reaches the template read through `renderPage(templates, …)`.
const fs = require('fs');
const http = require('http');

class TemplateStore {
  load(name) {
    return fs.readFileSync(`/srv/templates/${name}.html`, 'utf8');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }

  loadRaw(name) {
    return fs.readFileSync(`/srv/raw/${name}`, 'utf8');
  }
}

function renderPage(templates, name) {
  return templates.load(name).replace('{{title}}', name);
}

// Called once with a TemplateStore and once with what JSON.parse returns (`any`):
// the parameter's type is not known at every call, so nothing is assumed about it.
function renderRaw(store, name) {
  return store.loadRaw(name);
}

const store = new TemplateStore();
http.createServer((req, res) => {
  res.end(renderPage(store, req.url) + renderRaw(store, req.url) + renderRaw(JSON.parse(req.headers['x-store'] || '{}'), req.url));
}).listen(8081, '127.0.0.1');

module.exports = { TemplateStore, renderPage, renderRaw };
