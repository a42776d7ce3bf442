// A loop inside an `if` is still a map over data when no side of the choice runs
// the work concurrently.
declare function fetchSize(url: string): Promise<number>;

export async function sizesWhenAsked(wanted: boolean, urls: string[]): Promise<number[]> {
  const sizes: number[] = [];
  if (wanted) {
    for (const url of urls) {
      sizes.push(await fetchSize(url));
      //         ^^^^^^^^^^^^^^^^^^^^ sequential-await
    }
  } else {
    sizes.push(...urls.map(() => 0));
  }
  return sizes;
}

// A callback handed out that runs a different function is no reload of this one.
declare function onChange(cb: () => void): void;
declare function refreshCache(): Promise<void>;

export async function sizesAndWatch(urls: string[]): Promise<number[]> {
  onChange(() => void refreshCache());
  const sizes: number[] = [];
  for (const url of urls) sizes.push(await fetchSize(url));
  //                                 ^^^^^^^^^^^^^^^^^^^^ sequential-await
  return sizes;
}
