// meta.chainDepth (2): a blocking call in the function an async function calls, or in one
// that function calls, is reported once at the blocking call; one three functions down from
// the async call site is not. chain_depth.py is the same in Python.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';

function readTwoDown(path: string): string {
  return readFileSync(path, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}
function viaOne(path: string): string {
  return readTwoDown(path);
}

export async function twoDown(path: string): Promise<string> {
  return viaOne(path);
}

function statThreeDown(path: string): number {
  return statSync(path).size;
}
function viaTwo(path: string): number {
  return statThreeDown(path);
}
function viaThree(path: string): number {
  return viaTwo(path);
}

export async function threeDown(path: string): Promise<number> {
  return viaThree(path);
}

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer(async (req, res) => {
  res.end(`${await twoDown(String(req.url))} ${await threeDown(String(req.url))}`);
});
