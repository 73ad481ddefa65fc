import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { Message } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, toolSpan, user } from '../build-trace.js';

function toolMessage(text: string): Message {
  return { role: 'tool', text, toolCallId: null, toolCalls: [], finishReason: null };
}

function modelSpan(id: string, input: Message[], output: string): SpanDraft {
  return { id, parentId: 'root', name: 'chat', role: 'llm', inputMessages: input, outputMessages: [assistant(output)] };
}

const contradicted = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'contradicted-figure');

const busRequest = 'When does the route 47 bus leave Mill Lane this afternoon?';
const departure = { route: '47', stop: 'Mill Lane', departure_local: '14:30', platform: 'B' };

function busTrace(answer: string) {
  return buildTrace([
    agentSpan('root', busRequest),
    toolSpan('timetable', 'get_timetable', { route: '47', stop: 'Mill Lane' }, departure),
    modelSpan('llm', [user(busRequest), toolMessage(JSON.stringify(departure))], answer),
  ]);
}

describe('contradicted-figure: clock times', () => {
  it('bus timetables: a departure time the timetable gives differently is the model', () => {
    const report = attributeRootCause(busTrace('The route 47 departure from Mill Lane is at 14:50, platform B.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '14:30', actual: '14:50' });
  });

  it('bus timetables: the evidence names the written time without the space after it', () => {
    const report = attributeRootCause(busTrace('The route 47 departure from Mill Lane is at 14:50 from platform B.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '14:30', actual: '14:50' });
  });

  it('bus timetables: the departure time as the timetable gives it is no contradiction', () => {
    const report = attributeRootCause(busTrace('The route 47 departure from Mill Lane is at 14:30, platform B.'));
    expect(contradicted(report)).toEqual([]);
    expect(report.rootCause).toBeNull();
  });
});

const harvestRequest = 'How many barrels will the North Slope Riesling harvest fill?';
const harvest = { block: 'North Slope', variety: 'Riesling', harvest_tonnes: 42, tonnes_per_barrel: 0.6 };

function harvestTrace(answer: string, input: object = harvest) {
  return buildTrace([
    agentSpan('root', harvestRequest),
    toolSpan('harvest', 'get_harvest', { block: 'North Slope' }, input as Record<string, string | number>),
    modelSpan('llm', [user(harvestRequest), toolMessage(JSON.stringify(input))], answer),
  ]);
}

describe('contradicted-figure: arithmetic slips', () => {
  it('vineyard harvests: 42 tonnes at 0.6 tonnes a barrel written as 700 barrels is the model (expected 70)', () => {
    const report = attributeRootCause(
      harvestTrace('The 42 tonnes of North Slope Riesling at 0.6 tonnes a barrel fill 700 barrels.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]?.expected).toBe('70');
    expect(report.rootCause?.evidence[0]?.actual).toMatch(/^700/);
  });

  it('vineyard harvests: the correct quotient (70 barrels) is no slip', () => {
    const report = attributeRootCause(
      harvestTrace('The 42 tonnes of North Slope Riesling at 0.6 tonnes a barrel fill 70 barrels.'),
    );
    expect(contradicted(report)).toEqual([]);
  });

  it('printer fleets: a total derived exactly from a count the model worked out itself is no slip', () => {
    const fleet = { fleet: 'Floor 3', printers: 40, low_toner_share: 0.1, cartridge_price_gbp: 24.9 };
    const request = 'What will toner for the Floor 3 printers cost this week?';
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('fleet', 'get_printer_fleet', { fleet: 'Floor 3' }, fleet),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(fleet))],
        'A tenth of the 40 printers are low, so you need 4 cartridges: 4 x 24.90 = 99.60 GBP.',
      ),
    ]);
    // 40 x 24.90 = 996 is a power of ten from 99.60, but 4 x 24.90 gives it exactly.
    expect(contradicted(attributeRootCause(trace))).toEqual([]);
  });
});

describe('contradicted-figure: only what reached the user', () => {
  it('courier rounds: a working note with a wrong time that a later model span corrected is not judged', () => {
    const round = { round: 'C-12', first_drop: 'Hale Street depot', first_drop_local: '07:45' };
    const request = 'When is the first drop of courier round C-12 tomorrow?';
    const context = [user(request), toolMessage(JSON.stringify(round))];
    const trace = (answer: string) =>
      buildTrace([
        agentSpan('root', request),
        toolSpan('round', 'get_round', { round: 'C-12' }, round),
        modelSpan('note', context, 'Working note. The first drop of round C-12 at Hale Street depot is at 08:45.'),
        modelSpan('llm', [...context, assistant('Working note: first drop at 08:45.')], answer),
      ]);
    const corrected = attributeRootCause(trace('The first drop of round C-12 is at Hale Street depot at 07:45.'));
    expect(contradicted(corrected)).toEqual([]);
    // The same note repeated in the answer is judged.
    const repeated = attributeRootCause(trace('The first drop of round C-12 at Hale Street depot is at 08:45.'));
    expect(repeated.rootCause).toMatchObject({ spanId: 'note', layer: 'model', rule: 'contradicted-figure' });
    expect(repeated.rootCause?.evidence[0]).toMatchObject({ expected: '07:45', actual: '08:45' });
  });

  it('courier rounds: a wrong time from a working note that the answer restates in other words is still judged', () => {
    const round = { round: 'C-12', first_drop: 'Hale Street depot', first_drop_local: '07:45' };
    const request = 'When is the first drop of courier round C-12 tomorrow?';
    const context = [user(request), toolMessage(JSON.stringify(round))];
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('round', 'get_round', { round: 'C-12' }, round),
      modelSpan('note', context, 'Working note: first drop 08:45.'),
      modelSpan(
        'llm',
        [...context, assistant('Working note: first drop 08:45.')],
        'The first drop of round C-12 is at 08:45, at Hale Street depot.',
      ),
    ]);
    // 08:45 reached the user and contradicts first_drop_local 07:45: the model wrote it (note or answer).
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ layer: 'model', rule: 'contradicted-figure' });
    expect(['note', 'llm']).toContain(report.rootCause?.spanId);
  });

  it('vineyard harvests: a working note with a wrong barrel count, corrected in the answer, is not judged', () => {
    const context = [user(harvestRequest), toolMessage(JSON.stringify(harvest))];
    const trace = buildTrace([
      agentSpan('root', harvestRequest),
      toolSpan('harvest', 'get_harvest', { block: 'North Slope' }, harvest),
      modelSpan('note', context, 'Scratch: 42 tonnes at 0.6 tonnes a barrel is 700 barrels.'),
      modelSpan('llm', context, 'The 42 tonnes of North Slope Riesling at 0.6 tonnes a barrel fill 70 barrels.'),
    ]);
    const report = attributeRootCause(trace);
    expect(contradicted(report)).toEqual([]);
    expect(report.rootCause).toBeNull();
  });
});

describe('contradicted-figure: the time of a timestamp', () => {
  const request = 'Schedule the certificate swap for 02:00 Sydney time on 14 December.';
  const offset = {
    tz: 'Australia/Sydney',
    local_time: '2025-12-14T02:00:00',
    utc_offset: '+11:00',
    abbreviation: 'AEDT',
    utc_time: '2025-12-13T15:00:00Z',
  };
  const told = (answer: string) =>
    contradicted(
      attributeRootCause(
        buildTrace([
          agentSpan('root', request),
          toolSpan('offset', 'get_utc_offset', { tz: 'Australia/Sydney', local_time: '2025-12-14T02:00:00' }, offset),
          modelSpan('llm', [user(request), toolMessage(JSON.stringify(offset))], answer),
        ]),
      ),
    );

  it('"15:00 UTC" is the time of the record’s `utc_time: 2025-12-13T15:00:00Z`', () => {
    expect(told('Scheduled for 02:00 AEDT on 14 December, which is 15:00 UTC on 13 December.')).toEqual([]);
  });
});
