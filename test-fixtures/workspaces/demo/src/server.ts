// A small order-tracking HTTP service. It works, but it stalls under load:
// Loopwise shows where and why.
import { createServer } from 'node:http';
import * as fs from 'node:fs';
import { execSync } from 'node:child_process';
import { countCustomers, countOrders, loadOrder, loadCustomer, type Order } from './store';

let ordersServed = 0;

async function readTemplate(name: string): Promise<string> {
  return fs.readFileSync(`templates/${name}.html`, 'utf8');
}

function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

async function renderOrder(id: string): Promise<string> {
  const order = await loadOrder(id);
  const customer = await loadCustomer(order.customerId);
  const template = await readTemplate('order');
  return template.replace('{{order}}', describe(order)).replace('{{customer}}', customer.name);
}

async function dashboard(ids: string[]): Promise<string> {
  const lines: string[] = [];
  for (const id of ids) lines.push(await renderOrder(id));
  const totals = `${await countOrders()} orders, ${await countCustomers()} customers`;
  return [totals, ...lines].join('\n');
}

function describe(order: Order): string {
  return `${order.id}: ${order.items.length} items, ${order.total.toFixed(2)} EUR`;
}

async function countServed(): Promise<void> {
  const before = ordersServed;
  await fs.promises.appendFile('served.log', `${Date.now()}\n`);
  ordersServed = before + 1;
}

export const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/version') {
    res.end(execSync('git rev-parse --short HEAD').toString());
    return;
  }
  if (url.pathname === '/health') {
    // loopwise-disable-next-line blocking-call-in-async -- a 20-byte file, read once per minute by the load balancer
    res.end(fs.readFileSync('health.txt', 'utf8'));
    return;
  }
  if (url.pathname === '/dashboard') {
    res.end(await dashboard(url.searchParams.getAll('id')));
    return;
  }
  if (url.pathname === '/lucky') {
    res.end(String(fibonacci(Number(url.searchParams.get('n') ?? 30))));
    return;
  }
  const id = url.searchParams.get('id');
  if (!id) {
    res.statusCode = 400;
    res.end('missing id');
    return;
  }
  res.setHeader('content-type', 'text/html');
  res.end(await renderOrder(id));
  await countServed();
});

if (require.main === module) server.listen(8080);
