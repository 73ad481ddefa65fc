import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

/** A lookup that returns two rooms, then a model that answers about them with `text`. */
function answered(text: string) {
  const rooms: JsonValue = {
    building: 'North Wing',
    rooms: [
      { room_code: 'NW-2.14', status: 'out of service', note: 'projector fault', floor: 'second floor' },
      { room_code: 'NW-3.02', status: 'bookable', floor: 'third floor' },
    ],
  };
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'Which North Wing room can I book for the 2pm seminar?'),
      toolSpan('rooms', 'list_rooms', { building: 'North Wing' }, rooms),
      { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
    ]),
  );
}

const crossings = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'crossed-record');

describe('crossed-record', () => {
  it('a room given its sibling’s status is the model span that wrote it', () => {
    const report = answered('Room NW-2.14 is bookable for your 2pm seminar.');
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'crossed-record' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'status out of service', actual: 'bookable' });
  });

  it('a location of the sibling pinned on the room named is crossed too', () => {
    expect(crossings(answered('Room NW-2.14 is on the third floor.'))).toHaveLength(1);
  });

  it('the room’s own state, a negation, or both rooms in one sentence are not crossings', () => {
    expect(crossings(answered('Room NW-3.02 is bookable for your 2pm seminar.'))).toEqual([]);
    expect(crossings(answered('Room NW-2.14 is not bookable: it is out of service.'))).toEqual([]);
    expect(crossings(answered('Room NW-2.14 is out of service, so book NW-3.02, which is bookable.'))).toEqual([]);
  });
});

describe('crossed-record: records named by their own key, not by a code in another field', () => {
  it('a lot sold to a buyer of another lot is still the lot the sentence names', () => {
    const lots: JsonValue = {
      sale: 'S-12',
      lots: [
        { lot: '2205', species: 'Brill', status: 'sold', buyer: 'B-114' },
        { lot: '2207', species: 'Turbot', status: 'withdrawn', buyer: null },
        { lot: '2211', species: 'Sole', status: 'sold', buyer: 'B-221' },
      ],
    };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'How did my turbot do at today’s sale?'),
        toolSpan('sale', 'get_sale', { sale: 'S-12' }, lots),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('Your turbot (lot 2207) sold to buyer B-221.')],
        },
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', rule: 'crossed-record' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'status withdrawn', actual: 'sold' });
  });
});

describe('crossed-record: a coded state written in words', () => {
  function paymentsAnswered(text: string) {
    const booking: JsonValue = {
      booking_ref: 'RB-3310',
      payments: [
        { type: 'deposit', amount_gbp: 150, date: '2026-05-11', method: 'card' },
        { type: 'gift_voucher', voucher: 'GV-8841', amount_gbp: 290, date: '2026-08-30' },
      ],
      balance_gbp: 0,
    };
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'Have I paid everything for booking RB-3310?'),
        toolSpan('booking', 'get_booking', { booking_ref: 'RB-3310' }, booking),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
      ]),
    );
  }

  it('"gift voucher" is the record’s own `gift_voucher`, though the sibling’s deposit shares the sentence', () => {
    const report = paymentsAnswered(
      'Yes: your £150.00 card deposit on 11 May plus the £290.00 gift voucher GV-8841 cover it all.',
    );
    expect(crossings(report)).toEqual([]);
  });

  it('the voucher called a deposit is still crossed', () => {
    const report = paymentsAnswered('Yes: voucher GV-8841 was taken as your deposit.');
    expect(crossings(report)).toHaveLength(1);
  });
});
