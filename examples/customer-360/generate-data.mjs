#!/usr/bin/env node
// Generates the customer-360 example's seed CSVs. Deterministic: a fixed-seed
// PRNG, so every clone gets byte-identical files (they are committed too).
// Usage: node examples/customer-360/generate-data.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// mulberry32: tiny, fast, good enough for test data.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(360);
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));
const day = (start, offsetDays) => new Date(Date.UTC(2025, 0, 1) + (start + offsetDays) * 86_400_000).toISOString().slice(0, 10);

const firstNames = ['Ada', 'Bo', 'Chen', 'Dara', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lena', 'Milo', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Vik', 'Wren', 'Xia', 'Yusuf', 'Zoe'];
const lastNames = ['Adams', 'Berg', 'Costa', 'Diaz', 'Eklund', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Park', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const countries = ['DE', 'FR', 'ES', 'IT', 'NL', 'SE', 'PL', 'PT', 'US', 'GB'];
const segments = ['consumer', 'small_business', 'enterprise'];
const categories = ['electronics', 'books', 'home', 'garden', 'toys', 'sports', 'grocery'];
const channels = ['web', 'app', 'store'];
const ticketTopics = ['delivery', 'refund', 'billing', 'product_quality', 'account'];
const priorities = ['low', 'normal', 'high', 'urgent'];

function csv(rows) {
  const header = Object.keys(rows[0]);
  const escape = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return `${header.join(',')}\n${rows.map((r) => header.map((h) => escape(r[h])).join(',')).join('\n')}\n`;
}

const customers = [];
for (let id = 1; id <= 500; id++) {
  const first = pick(firstNames);
  const last = pick(lastNames);
  customers.push({
    customer_id: id,
    first_name: first,
    last_name: last,
    email: `${first}.${last}.${id}@example.com`.toLowerCase(),
    country_code: pick(countries),
    segment: pick(segments),
    signed_up_on: day(0, between(0, 365)),
  });
}

const transactions = [];
for (let id = 1; id <= 1000; id++) {
  const customer = customers[between(0, customers.length - 1)];
  const status = random() < 0.06 ? 'refunded' : random() < 0.04 ? 'cancelled' : 'completed';
  transactions.push({
    transaction_id: id,
    customer_id: customer.customer_id,
    transacted_on: day(365, between(0, 300)),
    category: pick(categories),
    channel: pick(channels),
    amount_cents: between(299, 49_999),
    status,
  });
}

const tickets = [];
for (let id = 1; id <= 300; id++) {
  const customer = customers[between(0, customers.length - 1)];
  const opened = between(365, 660);
  const resolved = random() < 0.85;
  tickets.push({
    ticket_id: id,
    customer_id: customer.customer_id,
    opened_on: day(0, opened),
    resolved_on: resolved ? day(0, opened + between(0, 14)) : '',
    topic: pick(ticketTopics),
    priority: pick(priorities),
    satisfaction_score: resolved && random() < 0.7 ? between(1, 5) : '',
  });
}

writeFileSync(join(here, 'seeds', 'raw_customers.csv'), csv(customers));
writeFileSync(join(here, 'seeds', 'raw_transactions.csv'), csv(transactions));
writeFileSync(join(here, 'seeds', 'raw_support_tickets.csv'), csv(tickets));
console.log(`wrote ${customers.length} customers, ${transactions.length} transactions, ${tickets.length} support tickets to ${join(here, 'seeds')}`);
