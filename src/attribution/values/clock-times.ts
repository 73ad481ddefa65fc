/** Clock times as people write and say them: `22:15`, `9:30 pm`, "quarter past three in the afternoon". */

/** A clock time as minutes after midnight, with the text it was read from. */
export interface ClockTime {
  minutes: number;
  written: string;
  /** "3:45" with no am or pm: a twelve-hour slip from it cannot be told from a reading of it. */
  ambiguous: boolean;
}

const hourWords = ['twelve', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
const minuteWords: Record<string, number> = { five: 5, ten: 10, quarter: 15, twenty: 20, 'twenty-five': 25, half: 30 };
/** "quarter past three in the afternoon", "half past nine", "seven o'clock tonight". */
const spokenClock = new RegExp(
  `\\b(?:(five|ten|quarter|twenty|twenty-five|half)\\s+(past|to)\\s+)?(${hourWords.join('|')}|1[0-2]|[1-9])(\\s+o[’']?clock)?(?:\\s+(in the morning|in the afternoon|in the evening|at night|tonight|this evening|this afternoon|this morning|[ap]\\.?m\\.?))?\\b`,
  'gi',
);

function spokenClocks(text: string): ClockTime[] {
  const found: ClockTime[] = [];
  for (const match of text.matchAll(spokenClock)) {
    const [written, minuteWord, direction, hourText, oclock, dayPart] = match;
    // A bare "three" is a count; a spoken clock says past, to or o'clock.
    if (direction === undefined && oclock === undefined) continue;
    const hourIndex = hourWords.indexOf((hourText ?? '').toLowerCase());
    let hours = hourIndex >= 0 ? hourIndex : Number(hourText) % 12;
    let minutes = minuteWord ? (minuteWords[minuteWord.toLowerCase()] ?? 0) : 0;
    if (direction?.toLowerCase() === 'to') {
      hours = (hours + 11) % 12;
      minutes = 60 - minutes;
    }
    const part = dayPart?.toLowerCase() ?? '';
    const afternoon = /afternoon|evening|night|p/.test(part);
    if (afternoon) hours += 12;
    found.push({ minutes: hours * 60 + minutes, written: written.trim(), ambiguous: part === '' });
  }
  return found;
}

/** `22:15`, `9:30 pm`, `9.30am`, `7pm`: clock times as people write them. */
const writtenClock = /\b([01]?\d|2[0-3])(?:([:.])([0-5]\d))?\s*([ap]\.?m\.?)?(?![\w:])/gi;
export function clocksIn(text: string): ClockTime[] {
  const found: ClockTime[] = [];
  for (const match of text.matchAll(writtenClock)) {
    const [written, hourText, separator, minuteText, meridiem] = match;
    // A bare number is a clock only with am/pm ("7pm"); `9.30` needs am/pm too, or it is a price.
    if (minuteText === undefined && meridiem === undefined) continue;
    if (separator === '.' && meridiem === undefined) continue;
    let hours = Number(hourText);
    const half = meridiem?.toLowerCase().charAt(0);
    if (half !== undefined && (hours < 1 || hours > 12)) continue;
    if (half === 'p' && hours < 12) hours += 12;
    if (half === 'a' && hours === 12) hours = 0;
    // 24-hour readings (`15:15`, `09:30`) and am/pm are unambiguous; `3:45` may be either half of the day.
    const ambiguous = half === undefined && hours >= 1 && hours <= 12 && !(hourText ?? '').startsWith('0');
    found.push({ minutes: hours * 60 + Number(minuteText ?? 0), written: written.trim(), ambiguous });
  }
  return [...found, ...spokenClocks(text)];
}
