// Scenario "suppression": one call is suppressed with a comment, the other is not.
import { readFileSync } from 'node:fs';

export async function readUpload(path: string): Promise<Buffer> {
  return readFileSync(path);
}

export async function readSmallManifest(path: string): Promise<string> {
  // loopwise-disable-next-line blocking-call-in-async -- the manifest is tiny and cached by the OS
  return readFileSync(path, 'utf8');
}
