// Loops that must stay sequential.
declare function fetchPage(cursor: string | undefined): Promise<{ items: string[]; next?: string }>;
declare function tryConnect(): Promise<boolean>;
declare function sleep(ms: number): Promise<void>;
declare function runMigration(name: string): Promise<void>;
declare function fetchSize(url: string): Promise<number>;
declare const stream: { write(chunk: string): Promise<void> };

// A value carried from one iteration to the next.
export async function paginate(): Promise<string[]> {
  const all: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await fetchPage(cursor);
    all.push(...result.items);
    cursor = result.next;
  }
  return all;
}

export async function sum(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) total += await fetchSize(url);
  return total;
}

// Retry loops: an early exit that depends on the awaited result.
export async function connect(): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryConnect()) return true;
    await sleep(100 * attempt);
  }
  return false;
}

export async function firstLarge(urls: string[]): Promise<string | undefined> {
  for (const url of urls) {
    if ((await fetchSize(url)) > 1000) {
      return url;
    }
  }
  return undefined;
}

export async function untilReady(): Promise<void> {
  while (!(await tryConnect())) {
    await sleep(50);
  }
}

// Loops that must run in order.
export async function migrate(migrations: string[]): Promise<void> {
  for (const m of migrations) await runMigration(m);
}

export async function writeAll(lines: string[]): Promise<void> {
  for (const line of lines) await stream.write(line);
}

// Rate-limited on purpose.
export async function politeCrawl(urls: string[]): Promise<void> {
  for (const url of urls) {
    console.log(await fetchSize(url));
    await sleep(1000);
  }
}

// Already concurrent, or iterating an async source.
export async function concurrent(urls: string[], source: AsyncIterable<string>): Promise<number[]> {
  for await (const line of source) console.log(line);
  return Promise.all(urls.map((u) => fetchSize(u)));
}

// The collection's name says the order matters.
declare function hashGroup(group: string[]): Promise<void>;
export async function rehash(groupsInOrder: string[][]): Promise<void> {
  for (const group of groupsInOrder) await hashGroup(group);
}

// Steps the author wrote out, in order.
declare function runScript(event: string): Promise<void>;
const LIFECYCLE = ['prebuild', 'build', 'postbuild'];
export async function build(name: string): Promise<void> {
  for (const event of [`pre${name}`, name, `post${name}`]) await runScript(event);
  for (const event of LIFECYCLE) await runScript(event);
}

// Effects on one object that outlives the loop: a browser page, a connection.
declare const page: { click(selector: string): Promise<void> };
export async function fillForm(selectors: string[]): Promise<void> {
  for (const selector of selectors) await page.click(selector);
}

// A registry the object keeps: its plugins start in the order they were added.
interface Plugin { start(): Promise<void> }
export class Host {
  private plugins: Plugin[] = [];
  add(plugin: Plugin): void {
    this.plugins.push(plugin);
  }
  async start(): Promise<void> {
    for (const plugin of this.plugins) await plugin.start();
  }
}

// A list of steps this function builds with a fixed number of pushes: pre, main, post.
export async function runEvent(event: string, withHooks: boolean): Promise<void> {
  const events = [event];
  if (withHooks) {
    events.unshift(`pre${event}`);
    events.push(`post${event}`);
  }
  for (const ev of events) await runScript(ev);
}

// Output before and after each await: run together, the lines would interleave.
declare function bumpVersion(path: string): Promise<string>;
export async function bumpAll(workspaces: Map<string, string>): Promise<void> {
  for (const [name, path] of workspaces) {
    console.log(name);
    const version = await bumpVersion(path);
    console.log(`  ${version}`);
  }
}
