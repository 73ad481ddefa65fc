import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function called(request: string, args: Record<string, JsonValue>, record: JsonValue = { hire_ref: 'HC-403' }) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Done.'),
      toolSpan('lookup', 'get_record', { ref: 'HC-403' }, record),
      toolSpan('act', 'extend_hire', args, { status: 'confirmed' }),
    ]),
  );
}

const replaced = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'replaced-request-value');

describe('replaced-request-value: the request’s phrase with another figure', () => {
  const request = 'Please set up the repeat of Vetmedin 5 mg chewable tablets, 100 tabs.';

  it('"Vetmedin 1.25 mg chewable tablets" sent for "Vetmedin 5 mg chewable tablets" is the call', () => {
    const report = called(request, { product: 'Vetmedin 1.25 mg chewable tablets', quantity: 100 });
    expect(report.rootCause).toMatchObject({ spanId: 'act', layer: 'tool-args', rule: 'replaced-request-value' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: 'Vetmedin 5 mg chewable tablets',
      actual: 'Vetmedin 1.25 mg chewable tablets',
    });
  });

  it('the phrase as asked, or a phrase the request does not write, is no replacement', () => {
    expect(replaced(called(request, { product: 'Vetmedin 5 mg chewable tablets' }))).toEqual([]);
    expect(replaced(called(request, { product: 'Frusemide 20 mg tablets' }))).toEqual([]);
  });
});

describe('replaced-request-value: another day than the one the request names', () => {
  const request = 'Extend hire HC-403 by two weeks so it stays on site until Friday 24 April.';

  it('`new_off_hire: 2026-04-17` for "until Friday 24 April", from nothing the run read, is the call', () => {
    const report = called(request, { hire_ref: 'HC-403', new_off_hire: '2026-04-17' });
    expect(report.rootCause).toMatchObject({ spanId: 'act', layer: 'tool-args', rule: 'replaced-request-value' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '24 April', actual: '2026-04-17' });
  });

  it('the day asked for, a day a record gave, or a request that moves days in words stays quiet', () => {
    expect(replaced(called(request, { hire_ref: 'HC-403', new_off_hire: '2026-04-24' }))).toEqual([]);
    const offered = { hire_ref: 'HC-403', latest_off_hire: '2026-04-17' };
    expect(replaced(called(request, { hire_ref: 'HC-403', new_off_hire: '2026-04-17' }, offered))).toEqual([]);
    const moved = 'My check-up is on 10 March; please move it to Thursday.';
    expect(replaced(called(moved, { new_start: '2026-03-12' }))).toEqual([]);
    // "04:00 Tokyo time on 24 October" is the 23rd in UTC.
    const zoned = 'Restart the cluster at 04:00 Tokyo time on 24 October.';
    expect(replaced(called(zoned, { start_at_utc: '2026-10-23T19:00:00Z' }))).toEqual([]);
  });
});

describe('replaced-request-value: groups and sides the request gives', () => {
  it('"3 sets of 8" sent as `sets: 8, reps: 3` is the call', () => {
    const request = 'Add Bulgarian split squats to his plan: 3 sets of 8 each leg with 6 kg dumbbells.';
    const report = called(request, { exercise: 'Bulgarian split squat', sets: 8, reps: 3, load_kg: 6 });
    expect(report.rootCause).toMatchObject({ spanId: 'act', layer: 'tool-args', rule: 'replaced-request-value' });
    expect(replaced(called(request, { exercise: 'Bulgarian split squat', sets: 3, reps: 8, load_kg: 6 }))).toEqual([]);
  });

  it('"850 x 2000 mm" sent as `width_mm: 800, height_mm: 2000` is the call, unless a record gave 800', () => {
    const request = 'Please order 3 roll-up banners, 850 x 2000 mm, on blockout PVC.';
    const order = { product: 'rollup-banner', width_mm: 800, height_mm: 2000, qty: 3 };
    expect(called(request, order).rootCause).toMatchObject({ spanId: 'act', rule: 'replaced-request-value' });
    expect(replaced(called(request, { ...order, width_mm: 850 }))).toEqual([]);
    expect(replaced(called(request, order, { stand_widths_mm: [800, 1000] }))).toEqual([]);
  });
});

describe('replaced-request-value: an amount ordered in another unit', () => {
  const request = 'Add 40 dozen mini brioche buns and 6 trays of cinnamon knots to Friday’s delivery.';
  const ordered = (unit: string) =>
    called(request, {
      lines: [
        { sku: 'BRI-MINI-30G', qty: 40, unit },
        { sku: 'CIN-KNOT-85G', qty: 6, unit: 'tray' },
      ],
    });

  it('"40 dozen" sent as `{qty: 40, unit: "each"}` is the call', () => {
    expect(ordered('each').rootCause).toMatchObject({
      spanId: 'act',
      layer: 'tool-args',
      rule: 'replaced-request-value',
    });
  });

  it('the unit the request gives is no replacement', () => {
    expect(replaced(ordered('dozen'))).toEqual([]);
  });
});

describe('replaced-request-value: a number the request gives for a field, a power of ten off', () => {
  const request = 'Can you raise the EC target on the Roma tomatoes to 2.8 mS/cm from 14:00 today?';

  it('"EC target … 2.8" sent as `ec_target_ms_cm: 28` is the call', () => {
    expect(called(request, { recipe_id: 'R-3', ec_target_ms_cm: 28 }).rootCause).toMatchObject({
      spanId: 'act',
      layer: 'tool-args',
      rule: 'replaced-request-value',
    });
  });

  it('the figure as asked, or a field the request does not name, is no replacement', () => {
    expect(replaced(called(request, { recipe_id: 'R-3', ec_target_ms_cm: 2.8 }))).toEqual([]);
    expect(replaced(called(request, { recipe_id: 'R-3', tank_volume_l: 28 }))).toEqual([]);
  });

  it('a length sent in the unit its field names is the length asked for', () => {
    const frames = 'Do you have the frame with a lens width of 5.1 cm in tortoiseshell?';
    expect(replaced(called(frames, { colour: 'tortoise', lens_width_mm: 51 }))).toEqual([]);
    expect(replaced(called(frames, { colour: 'tortoise', lens_width_cm: 51 }))).toHaveLength(1);
  });
});

describe('replaced-request-value: the day before a bound the request counts from', () => {
  it('"before 20 October" sent as `latest_date: 2026-10-19` is the bound, not another day', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'I fly on 2 November. Can you book me an appointment before 20 October?', 'None free.'),
        toolSpan('handoff', 'handoff_to_appointment_agent', { latest_date: '2026-10-19' }, { accepted: true }),
      ]),
    );
    expect(
      report.findings.filter((finding) => finding.rule === 'replaced-request-value' || finding.rule === 'value-drift'),
    ).toEqual([]);
  });
});

describe('replaced-request-value: the day the run itself ran', () => {
  const drafted = (invoiceDate: string) => {
    const ran = Date.parse('2026-09-23T08:04:37Z');
    return attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', "Draft the invoice for yesterday's deliveries (22 September).", 'Drafted.'),
          startTime: ran,
        },
        {
          ...toolSpan('draft', 'create_invoice_draft', { invoice_date: invoiceDate }, { draft_id: 'D-1' }),
          startTime: ran + 500,
        },
      ]),
    ).findings.filter((finding) => finding.rule === 'replaced-request-value' || finding.rule === 'value-drift');
  };

  it('an invoice dated today (the run ran on 23 September) for deliveries on the 22nd is no other day', () => {
    expect(drafted('2026-09-23')).toEqual([]);
  });
});
