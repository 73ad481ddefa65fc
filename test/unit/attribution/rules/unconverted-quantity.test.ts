import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, modelCallRun } from '../build-trace.js';

type Report = ReturnType<typeof attributeRootCause>;
const byRule = (report: Report, rule: string) => report.findings.filter((finding) => finding.rule === rule);

const run = modelCallRun;

describe('unconverted-quantity', () => {
  it('a request quantity copied unchanged into a field of another unit is the root', () => {
    const report = run('Order turf for a lawn of 650 square feet.', { lawn_area_m2: 650 });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'unconverted-quantity' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '650', expected: '60.39' });
    expect(byRule(run('Set the conveyor to 2 m/s.', { belt_speed_mm_s: 2 }), 'unconverted-quantity')).toHaveLength(1);
    expect(byRule(run('Lease the printer for 3 years.', { lease_months: 3 }), 'unconverted-quantity')).toHaveLength(1);
    expect(byRule(run('The trailer is 12 m long.', { trailer_length_ft: 12 }), 'unconverted-quantity')).toHaveLength(1);
  });

  it('a record quantity copied into a field of another unit counts too', () => {
    const report = run('Ship the crate in record R-1.', { weight_kg: 88 }, { crate: 'C-7', weight_lb: 88 });
    expect(byRule(report, 'unconverted-quantity')).toHaveLength(1);
  });

  it('stays quiet for a conversion, the same unit, another kind of unit, or a number given in both units', () => {
    expect(
      byRule(run('Order turf for a lawn of 650 square feet.', { lawn_area_m2: 60.4 }), 'unconverted-quantity'),
    ).toEqual([]);
    expect(byRule(run('Order turf for a lawn of 60 m2.', { lawn_area_m2: 60 }), 'unconverted-quantity')).toEqual([]);
    expect(
      byRule(run('Hold it for 30 minutes, 30 kg max.', { hold_kg: 30, hold_min: 30 }), 'unconverted-quantity'),
    ).toEqual([]);
    expect(
      byRule(
        run('The lawn is 40 sq ft, about 40 m2 of turf with the border.', { lawn_area_m2: 40 }),
        'unconverted-quantity',
      ),
    ).toEqual([]);
    expect(byRule(run('Grow the volume to 2 TB.', { size_gb: 2000 }), 'unconverted-quantity')).toEqual([]);
  });

  it('reads the unit an object states for its own numbers (`trim: {width: 6, height: 9, unit: "cm"}`)', () => {
    const quoted = (unit: string, width: number, height: number) => {
      const args = { trim: { width, height, unit }, pages: 312 };
      return attributeRootCause(
        buildTrace([
          agentSpan('root', 'What will it cost to print my paperback? Trim is 6 x 9 inches, 312 pages.', 'GBP 2.11.'),
          {
            id: 'tool',
            parentId: 'root',
            name: 'execute_tool quote_print_cost',
            role: 'tool',
            tool: { name: 'quote_print_cost', callId: null, arguments: args, result: { print_cost: 2.11 } },
          },
        ]),
      );
    };
    expect(byRule(quoted('cm', 6, 9), 'unconverted-quantity')).toHaveLength(1);
    expect(byRule(quoted('in', 6, 9), 'unconverted-quantity')).toEqual([]);
    expect(byRule(quoted('cm', 15.24, 22.86), 'unconverted-quantity')).toEqual([]);
  });
});

describe('unconverted-quantity: an area given as two lengths', () => {
  it('"40 ft by 25 ft" sent as `area_m2: 1000` is the square feet, unconverted', () => {
    const report = run('Price scarifying my lawn: it is roughly 40 ft by 25 ft.', { area_m2: 1000 });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'unconverted-quantity' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '1000', expected: '92.9' });
  });

  it('the area converted, or given in the field’s own unit, is fine', () => {
    expect(byRule(run('My lawn is roughly 40 ft by 25 ft.', { area_m2: 92.9 }), 'unconverted-quantity')).toEqual([]);
    expect(byRule(run('My lawn is 40 m by 25 m.', { area_m2: 1000 }), 'unconverted-quantity')).toEqual([]);
  });
});
