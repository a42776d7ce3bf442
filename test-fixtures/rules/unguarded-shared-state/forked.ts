// In-process state in code that forks: each process has its own copy.
import cluster from 'node:cluster';
import http from 'node:http';

const sessions = new Map<string, string>();
//    ^^^^^^^^ unguarded-shared-state (info)
let requestCount = 0;
//  ^^^^^^^^^^^^ unguarded-shared-state (info)
const seen = new Set<string>();
//    ^^^^ unguarded-shared-state (info)
const workers: unknown[] = [];
const settings = { port: 8080 };

if (cluster.isPrimary) {
  for (let i = 0; i < 4; i++) workers.push(cluster.fork());
  cluster.on('exit', () => {
    workers.push(cluster.fork());
  });
} else {
  http.createServer((req, res) => {
    requestCount++;
    // An async function run inside the handler serves the request too.
    void (async () => {
      seen.add(req.url ?? '');
    })();
    const id = req.headers.cookie ?? '';
    if (!sessions.has(id)) sessions.set(id, String(Date.now()));
    res.end(`${sessions.get(id)} ${requestCount} ${settings.port}`);
  }).listen(settings.port);
}
