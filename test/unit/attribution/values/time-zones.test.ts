import { describe, expect, it } from 'vitest';
import { agreedOffset, zoneOfValue, zonesNamedIn } from '../../../../src/attribution/values/time-zones.js';

const names = (text: string) => zonesNamedIn(text).map((zone) => (zone.kind === 'iana' ? zone.name : zone.written));

describe('time-zones', () => {
  it('reads zones from cities, regions, abbreviations after a clock, IANA names and UTC offsets', () => {
    expect(names('from 03:00 to 05:00 Pacific time')).toEqual(['America/Los_Angeles']);
    expect(names('at 09:30 Amsterdam time')).toEqual(['Europe/Amsterdam']);
    expect(names('the local time in Lisbon')).toEqual(['Europe/Lisbon']);
    expect(names('starts 9am CET')).toEqual(['Europe/Paris']);
    expect(names('site time zone America/Chicago')).toEqual(['America/Chicago']);
    expect(names('call at 14:00 UTC+2')).toEqual(['UTC+2']);
  });

  it('reads no zone from a place named for another reason or a word before "time"', () => {
    expect(names('our Madrid office at 9am, lunch time, same time')).toEqual([]);
  });

  it('gives the offset a zone has on the day, with daylight saving, and none when zones disagree', () => {
    const london = zoneOfValue('Europe/London');
    const tokyo = zoneOfValue('Asia/Tokyo');
    if (!london || !tokyo) throw new Error('zones not read');
    expect(agreedOffset([london], Date.UTC(2026, 0, 15, 9))).toBe(0);
    expect(agreedOffset([london], Date.UTC(2026, 6, 15, 9))).toBe(60);
    expect(agreedOffset([london, tokyo], Date.UTC(2026, 6, 15, 9))).toBeNull();
    expect(zoneOfValue('+05:30')).toMatchObject({ kind: 'fixed', offsetMinutes: 330 });
    expect(zoneOfValue('Mars/Olympus')).toBeNull();
  });
});
