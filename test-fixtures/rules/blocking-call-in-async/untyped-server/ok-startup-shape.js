// The same (req, res) shape without a server: a start-up helper that renders a page into
// a recording response once, before anything listens, and a handler-shaped function that
// only a test harness calls. Neither reaches a server-creating call. Left alone.
const fs = require('fs');

function renderOnce(req, res) {
  res.setHeader('Content-Type', 'text/html');
  res.end(fs.readFileSync(`/srv/pages${req.url}.html`));
}

class RecordingResponse {
  setHeader() {}
  end(body) { this.body = body; }
}

function prerender(pages) {
  const out = new Map();
  for (const url of pages) {
    const res = new RecordingResponse();
    renderOnce({ url }, res);
    out.set(url, res.body);
  }
  return out;
}

const cache = prerender(['/', '/about']);

exports.cached = function cached(url) {
  return cache.get(url);
};

// Handed to something that is not a server: a list of checks run once.
const checks = [];
checks.push(function checkIndex(req, res) {
  res.end(String(fs.existsSync(`/srv/pages${req.url}`)));
});
exports.runChecks = function runChecks() {
  for (const check of checks) check({ url: '/index.html' }, new RecordingResponse());
};
