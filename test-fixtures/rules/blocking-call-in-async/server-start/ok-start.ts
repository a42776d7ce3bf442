// Code that starts a server runs once per server start: the TLS files it reads and the
// stale socket path it removes before listen() are start-up work, even in exported API
// or in a promise callback. A server's 'close' listener runs once, when it stops.
import { existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

function removeStale(path: string): void {
  if (existsSync(path)) unlinkSync(path);
}

export async function startHttps(port: number, socketPath: string): Promise<https.Server> {
  const options = { key: readFileSync('/etc/app/key.pem'), cert: readFileSync('/etc/app/cert.pem') };
  const server = https.createServer(options, (req, res) => res.end('ok'));
  removeStale(socketPath);
  return server.listen(port);
}

export function startWhenBuilt(build: () => Promise<http.RequestListener>): void {
  build().then((app) => {
    const pfx = readFileSync('/etc/app/server.pfx');
    const server = https.createServer({ pfx }, app);
    removeStale('/tmp/app.sock');
    server.listen('/tmp/app.sock');
  });
}

export async function serveOn(server: net.Server, path: string): Promise<void> {
  removeStale(path);
  server.listen(path);
}

export async function cleanUpOnClose(server: net.Server, path: string): Promise<void> {
  server.on('close', () => {
    unlinkSync(path);
  });
}

// A method that starts its server through a part's own run() (whose body calls listen())
// is start-up too: the child process it runs and the stale files it checks, once per start.
class HttpPart {
  constructor(private readonly server: http.Server) {}
  run(port: number): void {
    this.server.listen(port);
  }
}

export class App {
  private readonly web = new HttpPart(http.createServer());
  async run(port: number, stale: string[]): Promise<void> {
    this.web.run(port);
    execFileSync('id', ['-u']);
    for (const path of stale) statSync(path);
  }
}
