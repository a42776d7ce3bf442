// Super-linear regexes on request input: polynomial backtracking, exponential
// backtracking and the quadratic move of an unanchored search (issue 13).
import { createServer } from 'node:http';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

// O(n²): the search retries 'a*' from every position of a long run of 'a' with no ':'.
export async function label(input: string): Promise<boolean> {
  return /a*:/.test(input);
  //     ^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// 1.4 s at 20k characters: an identifier scan from every position, then a lookahead.
const CALL = /[a-z_][A-Z_0-9]*(?=\s*\()/i;
export async function firstCall(source: string): Promise<string | undefined> {
  return CALL.exec(source)?.[0];
  //     ^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

export async function words(text: string): Promise<string[]> {
  return text.match(/\w+\b[\w-]+/g) ?? [];
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

export async function abab(text: string): Promise<number> {
  return text.search(/a+b+a+b+/);
  //     ^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// The old minimatch escape splitter, through new RegExp with literal arguments.
const PIPE = new RegExp('((?:\\\\{2})*)(\\\\?)\\|', 'g');
export async function splitAlternatives(glob: string): Promise<string> {
  return glob.replace(PIPE, (_, escapes: string, bar: string) => escapes + (bar ? '|' : '\\|'));
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}

// Two quantifiers trading characters inside one anchored attempt: O(n²) backtracking.
createServer((req, res) => {
  const url = req.url ?? '';
  res.end(String(/^\d*\w+!$/.test(url)));
  //             ^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}).listen(8082);

// A class of this program that re-emits what its socket receives: the payload is data from outside.
class LineReader extends EventEmitter {
  constructor(socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.emit('line', chunk.toString()));
  }
}

export function watchLines(socket: Socket): LineReader {
  const reader = new LineReader(socket);
  reader.on('line', (line: string) => {
    console.log(/^\d*\w+!$/.test(line));
    //          ^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
  });
  return reader;
}
