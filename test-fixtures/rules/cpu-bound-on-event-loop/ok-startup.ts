// Start-up code runs once, before the process serves anything.
import { readFile } from 'node:fs/promises';

function crossIndex(names: string[], tags: string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const name of names) {
    for (const tag of tags) if (name.includes(tag)) index.set(tag, [...(index.get(tag) ?? []), name]);
  }
  return index;
}

// A script's async main, called only from the top level.
async function main(): Promise<void> {
  const names = (await readFile('/srv/names.txt', 'utf8')).split('\n');
  const tags = (await readFile('/srv/tags.txt', 'utf8')).split('\n');
  for (const name of names) {
    for (const tag of tags) if (name === tag) console.log(name);
  }
  console.log(crossIndex(names, tags).size);
}
main().catch(console.error);

// An async function run on the spot at the top level.
(async () => {
  const names = (await readFile('/srv/names.txt', 'utf8')).split('\n');
  console.log(crossIndex(names, names).size);
})();
