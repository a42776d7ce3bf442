// A data item's own method, awaited once per item and collected: the map-over-data shape.
declare class Account {
  id: string;
  load(): Promise<Account>;
  balance(currency: string): Promise<number>;
}
declare const CURRENCY: string;

export async function loadAll(accounts: Account[]): Promise<Account[]> {
  const out: Account[] = [];
  for (const a of accounts) out.push(await a.load());
  //                                 ^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}

export async function total(accounts: Account[], options: { currency: string }): Promise<number> {
  let sum = 0;
  for (const a of accounts) {
    sum += await a.balance(options.currency);
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sequential-await (hint)
  }
  return sum + (await accounts[0].balance(CURRENCY));
}

// A closure over plain data (no resource captured) is still the map-over-data shape.
declare function fetchPrice(id: string, currency: string): Promise<number>;
export async function prices(ids: string[], currency: string): Promise<number[]> {
  const price = async (id: string) => fetchPrice(id, currency);
  const out: number[] = [];
  for (const id of ids) out.push(await price(id));
  //                             ^^^^^^^^^^^^^^^ sequential-await (hint)
  return out;
}
