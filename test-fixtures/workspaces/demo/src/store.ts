// A stand-in for a database: orders and customers kept in memory, read with a delay.
import { setTimeout as delay } from 'node:timers/promises';

export interface Order {
  id: string;
  customerId: string;
  items: { sku: string; price: number }[];
  total: number;
}

export interface Customer {
  id: string;
  name: string;
}

const orders = new Map<string, Order>([
  ['o-1', { id: 'o-1', customerId: 'c-1', items: [{ sku: 'tea', price: 4.5 }], total: 4.5 }],
]);
const customers = new Map<string, Customer>([['c-1', { id: 'c-1', name: 'Ada' }]]);

export async function loadOrder(id: string): Promise<Order> {
  await delay(5);
  const order = orders.get(id);
  if (!order) throw new Error(`no order ${id}`);
  return order;
}

export async function loadCustomer(id: string): Promise<Customer> {
  await delay(5);
  const customer = customers.get(id);
  if (!customer) throw new Error(`no customer ${id}`);
  return customer;
}

export async function countOrders(): Promise<number> {
  await delay(5);
  return orders.size;
}

export async function countCustomers(): Promise<number> {
  await delay(5);
  return customers.size;
}
