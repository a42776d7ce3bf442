// Suppression comments: the findings they cover disappear; the ones that cover nothing are hints.
import { readFileSync } from 'node:fs';

export async function manifest(path: string): Promise<string> {
  // loopwise-disable-next-line blocking-call-in-async -- the manifest is tiny and cached by the OS
  return readFileSync(path, 'utf8');
}

export async function twoRules(paths: string[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const p of paths) {
    // loopwise-disable-next-line sequential-await, blocking-call-in-async -- order matters here
    out.push(await Promise.resolve(readFileSync(p)));
  }
  return out;
}

export async function sameLine(path: string): Promise<string> {
  return readFileSync(path, 'utf8'); // loopwise-disable-line blocking-call-in-async
}

export async function allRules(path: string): Promise<string> {
  /* loopwise-disable-next-line */
  return readFileSync(path, 'utf8');
}

// Not a directive: inside a string and a template.
export const text = '// loopwise-disable-next-line blocking-call-in-async';
export const tpl = `${text} /* loopwise-disable blocking-call-in-async */`;

export async function notSuppressed(path: string): Promise<string> {
  const re = /\/\/ loopwise-disable-line blocking-call-in-async/;
  return readFileSync(path, 'utf8') + re.source;
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

export async function nothingHere(): Promise<number> {
  // loopwise-disable-next-line blocking-call-in-async -- left over after a refactor
  //                            ^^^^^^^^^^^^^^^^^^^^^^ unused-suppression (hint)
  return 1;
}

export async function partlyUsed(path: string): Promise<string> {
  // loopwise-disable-next-line cpu-bound-on-event-loop, blocking-call-in-async
  //                            ^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression (hint)
  return readFileSync(path, 'utf8');
}

export async function misspelt(path: string): Promise<string> {
  // loopwise-disable-next-line blocking-call-in-asnyc
  //                            ^^^^^^^^^^^^^^^^^^^^^^ unused-suppression (hint)
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

/* loopwise-disable blocking-call-in-async */
//<^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression (hint)

// A request handler runs these: the hot-path evidence a file-system call needs to be reported.
import { createServer } from 'node:http';
export const server = createServer(async (req, res) => {
  const url = String(req.url);
  await manifest(url);
  await twoRules([url]);
  await sameLine(url);
  await allRules(url);
  await notSuppressed(url);
  await nothingHere();
  await partlyUsed(url);
  await misspelt(url);
  res.end();
});
