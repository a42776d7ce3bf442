// Scenario "suppression": one call is suppressed with a comment, the other is not.
import { readFileSync } from 'node:fs';

export async function readUpload(path: string): Promise<Buffer> {
  return readFileSync(path);
}

export async function readSmallManifest(path: string): Promise<string> {
  // loopwise-disable-next-line blocking-call-in-async -- the manifest is tiny and cached by the OS
  return readFileSync(path, 'utf8');
}

// A request handler reaches it: a file-system call is reported with such hot-path evidence.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => res.end(String(await readUpload(String(req.url))) + await readSmallManifest('/srv/manifest.json')));
