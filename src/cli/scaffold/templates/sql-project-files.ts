/**
 * The SQL project of a scaffolded product (dbt format): two seeds, bronze
 * views, a silver table and a gold table, every model described, tested
 * and classified well enough to pass the strict manifest it ships with.
 */
import type { ScaffoldNames } from './scaffold-names.js';

export function sqlProjectFiles(names: ScaffoldNames): Record<string, string> {
  return {
    'dbt_project.yml': `name: ${names.project}
version: '0.1.0'
profile: ${names.project}

model-paths: ['models']
seed-paths: ['seeds']
test-paths: ['tests']
macro-paths: ['macros']
target-path: target

models:
  ${names.project}:
    bronze:
      +materialized: view
    silver:
      +materialized: table
    gold:
      +materialized: table
`,
    // Used only when the folder is run as a plain dbt project; with floe.yaml
    // the manifest's approved compute decides the connection.
    'profiles.yml': `${names.project}:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: warehouse/${names.project}.duckdb
      threads: 4
`,
    'seeds/raw_customers.csv': `customer_id,full_name,email,country_code
1,Ada Lovelace,ada@example.com,GB
2,Grace Hopper,grace@example.com,US
3,Alan Turing,alan@example.com,GB
4,Hedy Lamarr,hedy@example.com,AT
5,Katherine Johnson,katherine@example.com,US
`,
    'seeds/raw_orders.csv': `order_id,customer_id,ordered_on,amount,status
101,1,2026-01-03,120.50,completed
102,1,2026-02-11,35.00,completed
103,2,2026-02-14,80.00,cancelled
104,2,2026-03-01,42.25,completed
105,3,2026-03-09,310.00,completed
106,4,2026-03-21,15.75,completed
107,4,2026-04-02,60.00,completed
108,5,2026-04-18,99.90,cancelled
`,
    'seeds/_seeds.yml': `version: 2

seeds:
  - name: raw_customers
    description: Customers as exported from the CRM.
    columns:
      - name: customer_id
        description: CRM id.
        data_tests: [unique, not_null]
  - name: raw_orders
    description: Orders as exported from the shop.
    columns:
      - name: order_id
        description: Shop order id.
        data_tests: [unique, not_null]
`,
    'models/bronze/bronze_customers.sql': `-- Customers with tidy types; still carries personal data, so it stays in bronze.
select
    customer_id,
    trim(full_name) as full_name,
    lower(email) as email,
    upper(country_code) as country_code
from {{ ref('raw_customers') }}
`,
    'models/bronze/bronze_orders.sql': `select
    order_id,
    customer_id,
    cast(ordered_on as date) as ordered_on,
    cast(amount as decimal(12, 2)) as amount,
    status
from {{ ref('raw_orders') }}
`,
    'models/bronze/_bronze.yml': `version: 2

models:
  - name: bronze_customers
    description: One row per customer from the CRM.
    columns:
      - name: customer_id
        description: The customer's id.
        meta: {classification: identifier}
        data_tests: [unique, not_null]
      - name: full_name
        description: The customer's name.
        meta: {classification: pii}
      - name: email
        description: Contact email, lower-cased.
        meta: {classification: pii}
        data_tests: [unique]
      - name: country_code
        description: ISO 3166-1 alpha-2 country.
        data_tests: [not_null]

  - name: bronze_orders
    description: One row per shop order.
    columns:
      - name: order_id
        description: The order's id.
        data_tests: [unique, not_null]
      - name: customer_id
        description: Who ordered.
        data_tests:
          - relationships:
              to: ref('bronze_customers')
              field: customer_id
      - name: ordered_on
        description: Day of the order.
      - name: amount
        description: Order amount.
        meta: {classification: financial}
      - name: status
        description: completed or cancelled.
        data_tests:
          - accepted_values:
              values: ['completed', 'cancelled']
`,
    'models/silver/silver_orders.sql': `-- Orders that count towards revenue.
select
    order_id,
    customer_id,
    ordered_on,
    amount
from {{ ref('bronze_orders') }}
where status = 'completed'
`,
    'models/silver/_silver.yml': `version: 2

models:
  - name: silver_orders
    description: Completed orders only.
    columns:
      - name: order_id
        description: The order's id.
        data_tests: [unique, not_null]
      - name: customer_id
        description: Who ordered.
        data_tests: [not_null]
      - name: ordered_on
        description: Day of the order.
        data_tests: [not_null]
      - name: amount
        description: Order amount.
        meta: {classification: financial}
        data_tests: [not_null]
`,
    'models/gold/gold_customer_revenue.sql': `-- The published table: revenue per customer, without personal data.
select
    customers.customer_id,
    customers.country_code,
    count(orders.order_id) as order_count,
    coalesce(sum(orders.amount), 0) as revenue
from {{ ref('bronze_customers') }} as customers
left join {{ ref('silver_orders') }} as orders on orders.customer_id = customers.customer_id
group by customers.customer_id, customers.country_code
`,
    'models/gold/_gold.yml': `version: 2

models:
  - name: gold_customer_revenue
    description: Completed-order revenue per customer.
    columns:
      - name: customer_id
        description: The customer's id.
        meta: {classification: identifier}
        data_tests: [unique, not_null]
      - name: country_code
        description: ISO 3166-1 alpha-2 country.
        data_tests: [not_null]
      - name: order_count
        description: Completed orders.
        data_tests: [not_null]
      - name: revenue
        description: Sum of completed order amounts.
        meta: {classification: financial}
        data_tests: [not_null]
`,
    'tests/assert_revenue_not_negative.sql': `-- Rows returned here are failures.
select * from {{ ref('gold_customer_revenue') }} where revenue < 0
`,
    'macros/.gitkeep': '',
  };
}

export function supportFiles(names: ScaffoldNames): Record<string, string> {
  return {
    '.gitignore': `target/
.floe/
warehouse/
logs/
`,
    'README.md': `# ${names.product}

A floe data product.

    floe validate          # schemas, platform rules, governance (strict)
    floe compile           # → .floe/artifacts.json
    floe run --env dev     # build seeds, models and tests on DuckDB
    floe status            # recent runs

\`manifest.yaml\` is the platform's side (approved compute, governance);
\`floe.yaml\` is the product's; the SQL project (dbt format) lives beside them.
The tables land in \`warehouse/${names.project}.duckdb\`.
`,
  };
}
