import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, retrievalSpan, retrievedDocument, toolSpan, user } from '../build-trace.js';

/** A tool result, then a model that answers from it with `text`. */
function answered(request: string, result: JsonValue, text: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request),
      toolSpan('read', 'get_record', { id: 'R-1' }, result),
      { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
    ]),
  ).findings.filter((finding) => finding.rule === 'contradicted-figure');
}

describe('contradicted-figure: figures the request asked to have converted', () => {
  const tonnage = { month: '2026-08', dry_recycling_kg: 1874220, garden_kg: 1743000, residual_kg: 7490100 };

  it('kilograms told as tonnes are the record’s figures in another unit', () => {
    expect(
      answered(
        'How much did we collect in August, in tonnes?',
        tonnage,
        'In August: dry recycling 1,874.2 t, garden waste 1,743.0 t and residual waste 7,490.1 t.',
      ),
    ).toEqual([]);
  });

  it('a tonnage that no record gives in any unit is still a contradiction', () => {
    expect(
      answered(
        'How much dry recycling did we collect in August?',
        { month: '2026-08', dry_recycling_t: 1874.2, garden_t: 1743.0 },
        'Dry recycling in August came to 2,310.5 t.',
      ),
    ).toHaveLength(1);
  });

  it('a unit’s definition in the answer ("1 tonne = 1.10231 short tons") is no figure of a record', () => {
    expect(
      answered(
        'What is the train weight in US short tons?',
        { train: '6M42', weighed_at: 2, gross_t: 1452.6 },
        'The train weighs 1,601.2 short tons (1 tonne = 1.10231 short tons).',
      ),
    ).toEqual([]);
  });

  it('a percentage "of volume" is not applied to the amount before it', () => {
    expect(
      answered(
        'What is my water bill for 36.3 m³?',
        { volume_m3: 36.3, water_gbp: 70.51, wastewater_gbp: 73.06, sewer_return_pct: 95 },
        'Water £70.51 plus wastewater at 95% of volume £73.06, so £143.57 in total.',
      ),
    ).toEqual([]);
  });
});

describe('value-drift: a reduction sent with its sign', () => {
  it('"30% off" sent as `-30%` is no sign flip', () => {
    const call = { sku: 'COAT-1', adjustment: '-30%' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Take 30% off the winter coats.', 'Done: 30% off.'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [{ id: 'c1', name: 'set_price', arguments: call }])],
        },
        toolSpan('price', 'set_price', call, { ok: true }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('contradicted-figure: parts of dates and durations', () => {
  it('the seconds of "31 min 9 s" are no figure of their own', () => {
    expect(
      answered(
        'How long was my last ride?',
        { ride: 'R-1', ride_minutes: 31, overtime_minutes: 3.3 },
        'Your ride lasted 31 min 9 s, one overtime block.',
      ),
    ).toEqual([]);
    // A span of time in parts restates a field of time only, not an overtime charge.
    expect(
      answered(
        'Why was I charged overtime?',
        { ride: 'R-1', duration_s: 4215, overtime: 3.3 },
        'Recalculated: 31 min 9 s, which is 1 min 9 s over the included 30 minutes, so one overtime block applies.',
      ),
    ).toEqual([]);
  });

  it('the minutes of "2 min 20 s", and a 503 the run "hit", are no figures of a record', () => {
    expect(
      answered(
        'Send R4-017 to the service bay.',
        { mission_id: 'MV-441', eta_s: 140, state: 'en_route' },
        'R4-017 is on its way (the first request hit a 503 from the fleet manager; the retry went through) as mission MV-441, ETA about 2 min 20 s.',
      ),
    ).toEqual([]);
  });

  it('the day of a written date beside arithmetic is part of the date', () => {
    expect(
      answered(
        'How much water did bay 4 get, in litres per square metre?',
        { cycles: 14, ml_per_dripper: 150, drippers_per_m2: 2.5, bay: 4 },
        'Bay 4 got 5.25 L/m2 yesterday (15 April): 14 cycles x 150 ml x 2.5 drippers = 5,250 ml.',
      ),
    ).toEqual([]);
  });
});

describe('contradicted-figure: figures pooled over a list', () => {
  const samples = {
    site: 'North Basin',
    readings: [
      { depth_m: 2, nitrate_mg_l: 4.1 },
      { depth_m: 4, nitrate_mg_l: 6.3 },
      { depth_m: 6, nitrate_mg_l: 9.8 },
    ],
  };

  it('a mean over the readings restates none of them', () => {
    expect(
      answered(
        'What is the nitrate level at North Basin?',
        samples,
        'The depth-averaged nitrate at North Basin is 6.7 mg/l.',
      ),
    ).toEqual([]);
  });

  it('one reading told differently, with no pooling word, is still a contradiction', () => {
    expect(
      answered(
        'What is the nitrate level at 6 m in North Basin?',
        samples,
        'At 6 m the nitrate reading at North Basin is 7.4 mg/l.',
      ),
    ).toHaveLength(1);
  });
});

describe('contradicted-figure: power, signal levels and formulas', () => {
  const transmitter = { site: 'Barrow Hill', tx_output_kw: 5, antenna_gain_dbd: 3, feeder_loss_db: 1.1 };

  it('watts told from kilowatts, decibel levels and a formula’s coefficient are no contradictions', () => {
    expect(
      answered(
        'What is the transmitter output at Barrow Hill in dBW?',
        transmitter,
        'Barrow Hill transmitter output: 10·log10(5000 W) = 37.0 dBW.',
      ),
    ).toEqual([]);
  });

  it('an output no unit of the record gives is still a contradiction', () => {
    expect(
      answered(
        'What is the transmitter output at Barrow Hill?',
        transmitter,
        'The Barrow Hill transmitter output is 6.2 kW.',
      ),
    ).toHaveLength(1);
  });
});

describe('contradicted-figure: times written with seconds', () => {
  it('a time the record gives with seconds and milliseconds (`01:35:03,829`) is sourced', () => {
    const run = (earlier: string, later: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Retime the subtitles for reel 2.'),
          toolSpan('before', 'get_subtitles', { reel: 2 }, { last_cue_out: earlier }),
          toolSpan('after', 'retime_subtitles', { reel: 2 }, { last_cue_out: later }),
          {
            id: 'model',
            name: 'chat',
            role: 'llm',
            parentId: 'root',
            outputMessages: [assistant(`Retimed: the last cue now ends at ${later}.`)],
          },
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(run('01:31:10,200', '01:35:03,829')).toEqual([]);
  });
});

describe('contradicted-figure: a figure worked out in a written chain', () => {
  const notes = 'Leaf Feed (300 ml): dose 5 ml per 50 L of tank water once a week.';
  const question = 'My tank is 55 US gallons. How much Leaf Feed is a weekly dose?';
  function dosed(text: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', question),
        retrievalSpan('docs', 'Leaf Feed weekly dose', [retrievedDocument('leaf-feed', notes, 0.9)]),
        toolSpan('convert', 'convert_units', { value: 55, from: 'us_gal', to: 'l' }, { value: 208.2, unit: 'l' }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          inputMessages: [user(`Product notes: ${notes}\n\nQuestion: ${question}`)],
          outputMessages: [assistant(text)],
        },
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');
  }

  it('"208.2 / 50 x 5 = 20.8 ml" is worked from the figures beside it, no reading of the bottle’s 300 ml', () => {
    expect(dosed('55 US gallons is 208.2 L, so 208.2 / 50 x 5 = 20.8 ml - dose 21 ml once a week.')).toEqual([]);
  });

  it('the same figure told without its working is still read against the notes', () => {
    expect(dosed('55 US gallons is 208.2 L, so dose 20.8 ml a week.')).toHaveLength(1);
  });
});

describe('contradicted-figure: a product across a quantity’s unit and its rate’s', () => {
  function priced(text: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'What will coating cost for job J-310?'),
        toolSpan('job', 'get_job', { job: 'J-310' }, { job: 'J-310', weight_kg: 412, rate_per_tonne_gbp: 550 }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          inputMessages: [user('Job J-310 weighs 412 kg; the coater charges 550 GBP per tonne.')],
          outputMessages: [assistant(text)],
        },
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');
  }

  it('"412 kg x £550/tonne = £226.60" converts kilograms to tonnes', () => {
    expect(priced('Coating J-310: 412 kg x £550/tonne = £226.60.')).toEqual([]);
  });

  it('the same product with no rate unit to convert is still a slip', () => {
    expect(priced('Coating J-310: 412 kg x £550 = £226.60.')).toHaveLength(1);
  });
});

describe('contradicted-figure: a result written after "=" that two figures of its sentence give', () => {
  const quote = { grade_prices_gbp: { A: 340, B: 295 }, cracked_glass_pct_of_a: 25 };
  const request = 'What trade-in credit do I get for my phone with a cracked back?';

  it('"£340.00 less 25% (£85.00) = £255.00" is the sentence’s own working, no misread £295', () => {
    expect(
      answered(
        request,
        quote,
        'Trade-in credit: grade-A price £340.00 less 25% for the cracked back glass (£85.00) = £255.00.',
      ),
    ).toEqual([]);
  });
});
