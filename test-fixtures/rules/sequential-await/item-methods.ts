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
