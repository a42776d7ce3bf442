// Starting a server is start-up work, but the handlers it registers are not: each runs
// per request. A helper that a handler and the start-up code both call is per request.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { execFileSync } from 'node:child_process';

function banner(): string {
  return readFileSync('/srv/banner.txt', 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function startServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.end(banner() + readFileSync('/srv/page.html', 'utf8'));
    //                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
  console.log(banner());
  server.listen(port);
  return server;
}

// A client socket is not a server: its 'close' fires once per connection.
export async function connect(path: string): Promise<net.Socket> {
  const socket = net.connect(path);
  socket.on('close', () => void execFileSync('rm', ['-f', path]));
  //                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async (info)
  return socket;
}

// A request made with http is not a server either.
export async function fetchWithCa(url: string): Promise<void> {
  const ca = readFileSync('/etc/ssl/ca.pem');
  //         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  http.get(url, { ca } as http.RequestOptions, (res) => res.resume());
}

// Hot-path evidence for fetchWithCa's read: a request handler awaits it.
export const proxy = http.createServer(async (req, res) => {
  await fetchWithCa(String(req.url));
  res.end();
});
