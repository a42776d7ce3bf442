// loopwise-test-fix: Disable cpu-bound-on-event-loop for this line
// "Disable for this line" on each finding: a comment above each, and no unused suppression after.
interface Order { id: string; sku: string }
interface Product { sku: string; name: string }

export async function joinOrders(orders: Order[], products: Product[]): Promise<string[]> {
  const out: string[] = [];
  // loopwise-disable-next-line cpu-bound-on-event-loop
  for (const order of orders) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const product of products) {
      if (order.sku === product.sku) out.push(product.name);
    }
  }
  return out;
}

export async function findDuplicatePairs(ids: string[]): Promise<number> {
  let pairs = 0;
  // loopwise-disable-next-line cpu-bound-on-event-loop
  for (let i = 0; i < ids.length; i++) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (let j = 0; j < i; j++) {
      if (ids[i] === ids[j]) pairs++;
    }
  }
  return pairs;
}
