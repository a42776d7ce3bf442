// loopwise-test-fix: Disable cpu-bound-on-event-loop for this file
// "Disable for this file" on each finding: one comment at the top for both, and no unused suppression after.
interface Order { id: string; sku: string }
interface Product { sku: string; name: string }

export async function joinOrders(orders: Order[], products: Product[]): Promise<string[]> {
  const out: string[] = [];
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
  for (let i = 0; i < ids.length; i++) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (let j = 0; j < i; j++) {
      if (ids[i] === ids[j]) pairs++;
    }
  }
  return pairs;
}
