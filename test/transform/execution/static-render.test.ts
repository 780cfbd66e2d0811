import { describe, expect, it } from 'vitest';
import { renderStatically } from '../../../src/transform/execution/static-render.js';

const hooks = {
  ref: (call: { name: string; package?: string }) => `"main"."${call.package ? `${call.package}_` : ''}${call.name}"`,
  source: (sourceName: string, table: string) => `"raw"."${sourceName}_${table}"`,
  this: () => '"main"."me"',
};

describe('renderStatically', () => {
  it('substitutes ref, two-argument ref, source and this', () => {
    expect(renderStatically(`select * from {{ ref('a') }} join {{ref("pkg", "b")}} join {{ source('shop', 'orders') }} where x in (select x from {{ this }})`, hooks))
      .toBe('select * from "main"."a" join "main"."pkg_b" join "raw"."shop_orders" where x in (select x from "main"."me")');
  });

  it('returns plain SQL as Jinja would: newlines normalised, one trailing newline dropped', () => {
    expect(renderStatically('select 1\r\nfrom t\n\n', hooks)).toBe('select 1\nfrom t\n');
  });

  it('leaves anything else to the template engine', () => {
    expect(renderStatically("{{ config(materialized='table') }} select 1", hooks)).toBeUndefined();
    expect(renderStatically("select * from {{ ref('a') }} {% if is_incremental() %}where 1=1{% endif %}", hooks)).toBeUndefined();
    expect(renderStatically("{# note #} select 1", hooks)).toBeUndefined();
    expect(renderStatically("select * from {{- ref('a') }}", hooks)).toBeUndefined();
    expect(renderStatically("select * from {{ ref('a', version=2) }}", hooks)).toBeUndefined();
  });
});
