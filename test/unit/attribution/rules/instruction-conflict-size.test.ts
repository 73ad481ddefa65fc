import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** Instructions that state a figure, one record read, and an answer that uses nothing of it. */
function run(instructions: string, record: { [key: string]: JsonValue }) {
  const trace = buildTrace([
    { ...agentSpan('root', 'Can you sort this out for me?', 'All sorted.'), systemInstructions: instructions },
    toolSpan('read', 'get_record', { id: 'R-1' }, record),
  ]);
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'instruction-conflict');
}

describe('instruction-conflict: a figure in the field’s unit must be of a like size, or the field a rule', () => {
  it('"sold in 250 g or 1 kg bags" restates no `green_stock_kg: 146`', () => {
    const instructions = 'Wholesale coffee is sold by the kilogram in 250 g or 1 kg bags at the account price band.';
    expect(run(instructions, { sku: 'KEN-AA', green_stock_kg: 146 })).toEqual([]);
  });

  it('"requests last at most 72 hours" still rivals `max_duration_hours: 4`, a rule', () => {
    const instructions = 'Grant access requests for at most 72 hours.';
    expect(run(instructions, { policy: 'prod-db', max_duration_hours: 4 })).toHaveLength(1);
  });

  it('"a pallet takes 150 kg" rivals `pallet_weight_kg: 820`, within ten times', () => {
    const instructions = 'A pallet takes 150 kg at most on the tail lift.';
    expect(run(instructions, { pallet: 'P-7', pallet_weight_kg: 820 })).toHaveLength(1);
  });
});
