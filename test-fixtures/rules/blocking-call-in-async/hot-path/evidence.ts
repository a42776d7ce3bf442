// A local file-system call is bounded and usually small: it is reported only with
// positive evidence that it runs on a hot path. Each kind of evidence, flagged:
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';

// Per-item repetition: the call runs once per element of data (a parameter).
export async function totalSize(paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += statSync(path).size;
  //                                 ^^^^^^^^^^^^^^ blocking-call-in-async
  return total;
}

// ... and in a loop bounded by data's length, or an array method's callback.
export async function firstLines(paths: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < paths.length; i++) lines.push(readFileSync(paths[i], 'utf8').split('\n')[0]);
  //                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  return lines;
}

// A call on the way repeats: the sync helper is called once per item.
function readOne(path: string): string {
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function readAll(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) out.push(readOne(path));
  return out;
}

// Spawned per item: the async function is mapped into Promise.all over data.
async function loadRecord(id: string): Promise<string> {
  return readFileSync(`/var/records/${id}.json`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function loadRecords(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map((id) => loadRecord(id)));
}

// ... or awaited in a loop over data, through another async function.
async function saveRecord(id: string, body: string): Promise<void> {
  writeFileSync(`/var/records/${id}.json`, body);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

async function saveOne(id: string): Promise<void> {
  await saveRecord(id, '{}');
}

export async function saveAll(ids: string[]): Promise<void> {
  for (const id of ids) await saveOne(id);
}

// A message handler: a network socket's 'data' listener runs once per chunk received.
export function logTraffic(port: number): net.Socket {
  const socket = net.connect(port);
  socket.on('data', (chunk) => {
    appendFileSync('/var/log/traffic.log', chunk);
 // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
  return socket;
}

// A loop over a parameter whose caller is a request handler: the handler is the evidence.
import * as http from 'node:http';

function removeAll(ids: string[]): void {
  for (const id of ids) writeFileSync(`/var/records/${id}.json`, '');
  //                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

http.createServer((req, res) => {
  removeAll(String(req.url).split(','));
  res.end();
}).listen(8082);
