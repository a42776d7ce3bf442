// A piscina task module (spawn.ts: new Piscina({ filename })): the pool calls its
// export on a worker thread; nothing else imports it.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

export default async function hash(path: string): Promise<string> {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
