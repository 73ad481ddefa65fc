import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

const cars = {
  vehicles: [
    { vehicle_id: 'CR-1101', category: 'compact', daily_rate: 39 },
    { vehicle_id: 'CR-2207', category: 'convertible', daily_rate: 88 },
  ],
};

function rentalTrace(request: string, chosen: string, options: typeof cars = cars) {
  return buildTrace([
    agentSpan('root', request, `Booked ${chosen} for you.`),
    toolSpan('list', 'list_available_cars', { location: 'Faro airport' }, options),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('reserve_car', { vehicle_id: chosen })])],
    },
    toolSpan('reserve', 'reserve_car', { vehicle_id: chosen }, { reservation: 'RS-5520', vehicle_id: chosen }),
  ]);
}

describe('wrong-record-choice', () => {
  it('car rental: the request names the convertible, the call reserves the compact', () => {
    const report = attributeRootCause(rentalTrace('Rent me a convertible at Faro airport for the weekend.', 'CR-1101'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'CR-2207', actual: 'CR-1101' });
  });

  it('the chosen option is the one the request names', () => {
    const report = attributeRootCause(rentalTrace('Rent me a convertible at Faro airport for the weekend.', 'CR-2207'));
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });

  it('no option matches what the request names', () => {
    const report = attributeRootCause(rentalTrace('Rent me an estate car at Faro airport for the weekend.', 'CR-1101'));
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });

  it('library loans: a hold placed on the paperback when the request asks for the audiobook', () => {
    const editions = {
      editions: [
        { edition_id: 'ED-301', format: 'paperback' },
        { edition_id: 'ED-302', format: 'audiobook' },
      ],
    };
    const trace = buildTrace([
      agentSpan('root', 'Place a hold on the audiobook of The Salt Road.'),
      toolSpan('search', 'search_catalogue', { title: 'The Salt Road' }, editions),
      toolSpan('hold', 'place_hold', { edition_id: 'ED-301' }, { hold_id: 'H-7781', position: 2 }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'hold', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'ED-302', actual: 'ED-301' });
  });
  it('courier rounds: the list of slots two tools back, with other results in between, still decides', () => {
    const slots = {
      slots: [
        { slot_id: 'SL-0810', window: 'morning', driver: 'Kofi' },
        { slot_id: 'SL-1430', window: 'afternoon', driver: 'Dana' },
      ],
    };
    const trace = buildTrace([
      agentSpan('root', 'Book an afternoon collection slot for the Hale Street parcels tomorrow.'),
      toolSpan('slots', 'list_collection_slots', { depot: 'Hale Street' }, slots),
      toolSpan('weather', 'get_forecast', { town: 'Hale' }, { forecast: 'rain', wind_kph: 30 }),
      toolSpan('van', 'get_van_capacity', { depot: 'Hale Street' }, { free_cages: 6 }),
      toolSpan('book', 'book_collection', { slot_id: 'SL-0810' }, { booking: 'BK-3321', slot_id: 'SL-0810' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'book', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'SL-1430', actual: 'SL-0810' });
  });

  it('courier rounds: a list returned after the call is not what the call chose from', () => {
    const slots = {
      slots: [
        { slot_id: 'SL-0810', window: 'morning', driver: 'Kofi' },
        { slot_id: 'SL-1430', window: 'afternoon', driver: 'Dana' },
      ],
    };
    const trace = buildTrace([
      agentSpan('root', 'Book an afternoon collection slot for the Hale Street parcels tomorrow.'),
      toolSpan('book', 'book_collection', { slot_id: 'SL-0810' }, { booking: 'BK-3321', slot_id: 'SL-0810' }),
      toolSpan('slots', 'list_collection_slots', { depot: 'Hale Street' }, slots),
    ]);
    expect(attributeRootCause(trace).findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });
});

describe('wrong-record-choice: options told apart by a code the request names', () => {
  const results = {
    results: [
      { person_id: 'P-100', name: 'Sam Lee', enrolments: [{ enrolment_id: 'EN-501', course: 'CS-201' }] },
      { person_id: 'P-107', name: 'Sam Lee', enrolments: [{ enrolment_id: 'EN-588', course: 'CS-310' }] },
    ],
  };

  function enrolmentTrace(enrolment: string) {
    return buildTrace([
      agentSpan('root', "Withdraw Sam Lee's enrolment on CS-310."),
      toolSpan('search', 'search_people', { name: 'Sam Lee' }, results),
      toolSpan('withdraw', 'withdraw_enrolment', { enrolment_id: enrolment }, { ok: true }),
    ]);
  }

  it('acting on the namesake whose enrolment is on another course is the wrong record', () => {
    const report = attributeRootCause(enrolmentTrace('EN-501'));
    expect(report.rootCause).toMatchObject({ spanId: 'withdraw', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'EN-588', actual: 'EN-501' });
  });

  it('acting on the enrolment for the course the request names is right', () => {
    const report = attributeRootCause(enrolmentTrace('EN-588'));
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });
});

describe('wrong-record-choice: product lines told apart by a measure', () => {
  const catalogue = {
    results: [
      { sku: 'IBU200T24', description: 'Ibuprofen 200 mg tablets', pack: 24 },
      { sku: 'IBU400T24', description: 'Ibuprofen 400 mg tablets', pack: 24 },
    ],
  };

  function orderTrace(sku: string) {
    return buildTrace([
      agentSpan('root', 'Order 30 packs of ibuprofen 400 mg tablets for branch BR-2.'),
      toolSpan('search', 'search_catalogue', { query: 'ibuprofen 400mg' }, catalogue),
      toolSpan('order', 'place_order', { sku, qty: 30, branch: 'BR-2' }, { ok: true }),
    ]);
  }

  it('ordering the line with another strength than the request states is the wrong record', () => {
    const report = attributeRootCause(orderTrace('IBU200T24'));
    expect(report.rootCause).toMatchObject({ spanId: 'order', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'IBU400T24', actual: 'IBU200T24' });
  });

  it('ordering the requested strength is right', () => {
    const report = attributeRootCause(orderTrace('IBU400T24'));
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });
});

describe('wrong-record-choice: a number the request names by its last digits', () => {
  const lines = {
    lines: [
      { msisdn: '447700900892', plan: 'Unlimited 5G', status: 'active' },
      { msisdn: '447700900417', plan: 'Unlimited 5G', status: 'active' },
    ],
  };

  function suspendTrace(msisdn: string) {
    return buildTrace([
      agentSpan('root', 'Account AC-7731: please suspend the line ending 0417, the phone was stolen.'),
      toolSpan('list', 'list_lines', { account: 'AC-7731' }, lines),
      toolSpan('suspend', 'suspend_line', { msisdn, reason: 'stolen' }, { suspended: true, msisdn }),
    ]);
  }

  it('suspending the line whose number ends otherwise is the wrong record', () => {
    const report = attributeRootCause(suspendTrace('447700900892'));
    expect(report.rootCause).toMatchObject({ spanId: 'suspend', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '447700900417', actual: '447700900892' });
  });

  it('suspending the line that ends in the digits given is right', () => {
    const report = attributeRootCause(suspendTrace('447700900417'));
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });

  it('two namesakes told apart by the date of birth the request writes with slashes', () => {
    const members = {
      matches: [
        { member_id: 'M-5510', name: 'Jon Park', dob: '1964-03-12' },
        { member_id: 'M-5582', name: 'Jon Park', dob: '1948-03-12' },
      ],
    };
    const renewed = (chosen: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Renew the membership of Jon Park, born 12/03/1948.', 'Renewed.'),
          toolSpan('find', 'find_member', { name: 'Jon Park' }, members),
          {
            id: 'llm',
            parentId: 'root',
            name: 'chat',
            role: 'llm',
            outputMessages: [assistant('', [toolCall('renew_membership', { member_id: chosen })])],
          },
          toolSpan('renew', 'renew_membership', { member_id: chosen }, { member_id: chosen, renewed: true }),
        ]),
      );
    expect(renewed('M-5510').rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'tool-args',
      rule: 'wrong-record-choice',
    });
    expect(renewed('M-5582').verdict).toBe('ok');
  });
});

describe('wrong-record-choice: the option the request names by its place name', () => {
  const points = {
    points: [
      { id: 'PP-3120', name: 'Quayside Newsagent', address: '4 Quayside Row, Leith EH6 6LX' },
      { id: 'PP-3102', name: 'Harbour Lockers', address: 'Ocean Terminal car park, Leith EH6 7DZ' },
    ],
  };
  const run = (chosen: string) => {
    const call = { parcel: 'QX889120GB', pickup_point_id: chosen };
    return buildTrace([
      agentSpan('root', 'Send parcel QX889120GB to the pickup point on Quayside Row instead.', 'Done.'),
      toolSpan('find', 'find_pickup_points', { near: 'EH6' }, points),
      {
        id: 'model',
        name: 'chat',
        role: 'llm',
        parentId: 'root',
        outputMessages: [assistant('', [toolCall('redirect_parcel', call)])],
      },
      toolSpan('redirect', 'redirect_parcel', call, { status: 'redirected' }),
    ]);
  };

  it('the neighbouring option, which holds none of the request’s place name, is the wrong choice', () => {
    const report = attributeRootCause(run('PP-3102'));
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'PP-3120', actual: 'PP-3102' });
  });

  it('the option on the named street is quiet', () => {
    expect(
      attributeRootCause(run('PP-3120')).findings.filter((finding) => finding.rule === 'wrong-record-choice'),
    ).toEqual([]);
  });
});

describe('wrong-record-choice: single place names, and lists that are parts rather than options', () => {
  const reservations = {
    reservations: [
      { ref: 'RA-7734120', pickup_branch: 'FAO - Faro Airport', pickup: '2026-08-02T14:00' },
      { ref: 'RA-7730958', pickup_branch: 'AGP - Málaga Airport', pickup: '2026-07-14T11:30' },
    ],
  };
  const run = (ref: string, result: Parameters<typeof toolSpan>[3] = reservations) => {
    const call = { reservation: ref, extra: 'CHILD_SEAT' };
    return buildTrace([
      agentSpan('root', 'Can you add a child seat to my Málaga booking in July?', 'Added.'),
      toolSpan('list', 'list_reservations', { customer: 'C-1' }, result),
      {
        id: 'model',
        name: 'chat',
        role: 'llm',
        parentId: 'root',
        outputMessages: [assistant('', [toolCall('add_extra', call)])],
      },
      toolSpan('extra', 'add_extra', call, { status: 'updated' }),
    ]);
  };

  it('the booking at the other airport, when the request names Málaga, is the wrong choice', () => {
    const report = attributeRootCause(run('RA-7734120'));
    expect(report.rootCause).toMatchObject({ spanId: 'model', rule: 'wrong-record-choice' });
  });

  it('the Málaga booking is quiet', () => {
    expect(
      attributeRootCause(run('RA-7730958')).findings.filter((finding) => finding.rule === 'wrong-record-choice'),
    ).toEqual([]);
  });

  it('a package’s parts (each with its own fields) are not options of one kind', () => {
    const parts: JsonValue = {
      items: [
        { type: 'board', model: 'Sensor', length_cm: 158 },
        { type: 'boots', model: 'Moto', size_eu: 43 },
        { type: 'bindings', model: 'Muon', stance: 'regular' },
      ],
    };
    const call = { package: 'snowboard', stance: 'regular', board_length_cm: 158 };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Reserve a snowboard package: 158 cm board, regular stance.', 'Reserved.'),
        toolSpan('check', 'check_availability', { package: 'snowboard' }, parts),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('reserve', call)])],
        },
        toolSpan('reserve', 'reserve', call, { ok: true }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });
});

describe('wrong-record-choice: sessions told apart by their clock', () => {
  const sessions: JsonValue = {
    sessions: [
      { session_id: 'S-1730', start: '17:30', seats_free: 41 },
      { session_id: 'S-1930', start: '19:30', seats_free: 12 },
    ],
  };
  const reserved = (chosen: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book 4 seats for the 19:30 showing of Comets on Friday.', 'Booked.'),
        toolSpan('list', 'list_sessions', { show: 'comets' }, sessions),
        toolSpan('reserve', 'reserve_seats', { session_id: chosen, seats: 4 }, { booking_ref: 'KP-1' }),
      ]),
    ).findings.filter((finding) => finding.rule === 'wrong-record-choice');

  it('the 17:30 session for "the 19:30 showing" is the wrong option', () => {
    expect(reserved('S-1730')).toHaveLength(1);
    expect(reserved('S-1930')).toEqual([]);
  });
});

describe('wrong-record-choice: a request that names the chosen option by its date', () => {
  const slots: JsonValue = {
    slots: [
      { slot_id: 'RS-0819', date: '2026-08-19', start: '09:30', seats_left: 0 },
      { slot_id: 'RS-0821', date: '2026-08-21', start: '14:00', seats_left: 23 },
    ],
  };
  const moved = (request: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'Moved.'),
        toolSpan('list', 'list_resit_slots', { module: 'STAT1010' }, slots),
        toolSpan('move', 'move_resit', { to_slot_id: 'RS-0821' }, { status: 'moved' }),
      ]),
    ).findings.filter((finding) => finding.rule === 'wrong-record-choice');

  it('"from 19 August at 09:30 to the 21 August sitting" asks for the option it got', () => {
    expect(moved('My resit is on 19 August at 09:30. Can you move it to the Friday 21 August sitting?')).toEqual([]);
  });

  it('"the 09:30 sitting" alone still asks for the other option', () => {
    expect(moved('Can you move my resit to the 09:30 sitting?')).toHaveLength(1);
  });
});

describe('wrong-record-choice: titles with a number', () => {
  const courses = {
    vehicles: [
      { vehicle_id: 'YS2-260418', category: 'RYA Youth Stage 2', daily_rate: 210 },
      { vehicle_id: 'YS3-260418', category: 'RYA Youth Stage 3', daily_rate: 225 },
    ],
  };

  it('"the RYA Youth Stage 3 course" booked as Stage 2: a numbered title is told apart by name', () => {
    const report = attributeRootCause(
      rentalTrace(
        'Book Oliver onto the RYA Youth Stage 3 course. He did his Stage 2 last summer.',
        'YS2-260418',
        courses,
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'YS3-260418', actual: 'YS2-260418' });
  });

  it('the numbered title the request names is the right choice', () => {
    const report = attributeRootCause(
      rentalTrace(
        'Book Oliver onto the RYA Youth Stage 3 course. He did his Stage 2 last summer.',
        'YS3-260418',
        courses,
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'wrong-record-choice')).toEqual([]);
  });
});

describe('wrong-record-choice: a call that acts on two options at once', () => {
  const sessions = {
    sessions: [
      { session_id: 'S-0412', title: 'Beginners Wheel Throwing', day: 'Thursday' },
      { session_id: 'S-0519', title: 'Raku Firing Weekend', day: 'Saturday' },
    ],
  };
  function transferTrace(arguments_: { [key: string]: JsonValue }) {
    return buildTrace([
      agentSpan('root', 'Please move my place onto the Raku Firing Weekend instead.'),
      toolSpan('list', 'list_sessions', { member: 'M-220' }, sessions),
      toolSpan('move', 'transfer_place', arguments_, { moved: true }),
    ]);
  }
  const choices = (trace: ReturnType<typeof buildTrace>) =>
    attributeRootCause(trace).findings.filter((finding) => finding.rule === 'wrong-record-choice');

  it('a transfer from one option to the asked one names both, and chose neither over the other', () => {
    expect(choices(transferTrace({ from_session: 'S-0412', to_session: 'S-0519' }))).toEqual([]);
  });

  it('a transfer onto the other option alone is still the wrong choice', () => {
    expect(choices(transferTrace({ to_session: 'S-0412' }))).toHaveLength(1);
  });
});
