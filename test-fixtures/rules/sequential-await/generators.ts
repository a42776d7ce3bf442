// Async generators: one that collects and yields each result as it comes (left alone),
// and one that gathers a whole batch first, one call after another (flagged).
declare function getProperty(resource: string, name: string): Promise<string>;
declare function fetchPage(url: string): Promise<string>;

export async function* propertyChanges(resources: string[], requested: string[]): AsyncGenerator<[string, string[]]> {
  for (const resource of resources) {
    const found: string[] = [];
    for (const name of requested) {
      found.push(await getProperty(resource, name));
    }
    yield [resource, found];
  }
}

export async function* pages(urls: string[]): AsyncGenerator<string> {
  const bodies: string[] = [];
  for (const url of urls) {
    bodies.push(await fetchPage(url));
    //          ^^^^^^^^^^^^^^^^^^^^ sequential-await
  }
  for (const body of bodies) yield body;
}
