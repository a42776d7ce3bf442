// Per-process state in code that forks, updated only by each process's own start-up and
// restart code (async, but not serving requests): each process is meant to have its own.
import cluster from 'node:cluster';
import http from 'node:http';

const listeners: http.Server[] = [];
let restarting = false;

async function listen(port: number): Promise<void> {
  const server = http.createServer((req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(port, resolve));
  listeners.push(server);
}

async function stopWorkers(): Promise<void> {
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
}

export async function gracefulRestart(): Promise<void> {
  if (restarting) return;
  restarting = true;
  await stopWorkers();
  restarting = false;
}

if (cluster.isPrimary) {
  cluster.fork();
} else {
  void listen(8080);
}
