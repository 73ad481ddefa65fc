const stopwords = new Set(
  `a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being am do does did
  done have has had having i me my we our you your he she it its they them their this that these those there here what which who whom
  whose when where why how can could should would will shall may might must please pls kindly just also not no yes so than too very
  any some all each every both few more most other such only own same s t up down out over under again further once let lets get got
  make sure want need like tell show give know use using via per after before first then now today tomorrow yesterday`.split(
    /\s+/,
  ),
);

/** A crude stem: enough to match `refund`/`refunded`/`refunds`, `check`/`checking`, `verify`/`verified`. */
export function stem(word: string): string {
  let result = word.toLowerCase();
  if (result.length > 5 && result.endsWith('ies')) return `${result.slice(0, -3)}y`;
  if (result.length > 5 && result.endsWith('ied')) return `${result.slice(0, -3)}y`;
  for (const suffix of ['ation', 'ing', 'ed', 'es', 's', 'er', 'ly']) {
    if (result.length > suffix.length + 3 && result.endsWith(suffix)) {
      result = result.slice(0, -suffix.length);
      break;
    }
  }
  if (result.length > 3 && result.endsWith('e')) result = result.slice(0, -1);
  if (result.length > 3 && result[result.length - 1] === result[result.length - 2]) result = result.slice(0, -1);
  return result;
}

const shortText = 64;
const memoLimit = 8_192;
const shortTextWords = new Map<string, readonly string[]>();

/** Content words of a text (stopwords and numbers dropped), stemmed; identifiers such as `lookup_order` split into words. */
export function contentWords(text: string): string[] {
  // Field names and short labels repeat across thousands of spans: remember their words (a copy goes
  // out, so a caller may change it). Long texts are rarely asked twice and would crowd the memo.
  if (text.length <= shortText) {
    const known = shortTextWords.get(text);
    if (known) return [...known];
  }
  const words = wordsOf(text);
  if (text.length <= shortText) {
    if (shortTextWords.size >= memoLimit) shortTextWords.clear();
    shortTextWords.set(text, words);
    return [...words];
  }
  return words;
}

/** `contentWords` without the copy, for callers that only read the list: hot loops ask for the same labels. */
export function readContentWords(text: string): readonly string[] {
  if (text.length <= shortText) {
    const known = shortTextWords.get(text);
    if (known) return known;
  }
  return contentWords(text);
}

function wordsOf(text: string): string[] {
  const words: string[] = [];
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-./]/g, ' ');
  for (const token of spaced.toLowerCase().split(/[^a-z0-9]+/)) {
    if (token.length < 2 || /^\d+$/.test(token) || stopwords.has(token)) continue;
    words.push(stem(token));
  }
  return words;
}

export function contentWordSet(text: string): Set<string> {
  return new Set(contentWords(text));
}

/** Share of `wanted` words that `available` contains, in [0, 1]; 1 when nothing is wanted. */
export function coverage(wanted: ReadonlySet<string>, available: ReadonlySet<string>): number {
  if (wanted.size === 0) return 1;
  let found = 0;
  for (const word of wanted) if (available.has(word)) found += 1;
  return found / wanted.size;
}

/**
 * `coverage`, where a word also counts as found when it and an available word of five letters or more
 * start alike (one the other's start): the stems of "cylinder" and "cylinders" differ by a suffix.
 */
export function looseCoverage(wanted: ReadonlySet<string>, available: ReadonlySet<string>): number {
  if (wanted.size === 0) return 1;
  let found = 0;
  for (const word of wanted) {
    if (available.has(word)) found += 1;
    else if (word.length >= 5)
      for (const other of available)
        if (other.length >= 5 && (other.startsWith(word) || word.startsWith(other))) {
          found += 1;
          break;
        }
  }
  return found / wanted.size;
}

/** Named things in a text: runs of capitalised words and acronyms not at a sentence start (`Orders API`, `EU`). */
export function namedPhrases(text: string): string[][] {
  const phrases: string[][] = [];
  const sentences = text.split(/(?<=[.!?:;])\s+|\n+/);
  for (const sentence of sentences) {
    const tokens = sentence.split(/[\s,()"'“”]+/).filter((token) => token.length > 0);
    let current: string[] = [];
    let startsSentence = false;
    const close = (): void => {
      // "The Team Plan" names the Team Plan: leading determiners are not part of the name.
      while (current.length > 1 && /^(the|a|an|our|your|this|that|these|those|its|their)$/i.test(current[0] ?? '')) {
        current.shift();
        startsSentence = false;
      }
      // A capitalised first word of a sentence is a name only when another capitalised word follows it.
      if (current.length > (startsSentence ? 1 : 0)) phrases.push(current);
      current = [];
      startsSentence = false;
    };
    tokens.forEach((token, index) => {
      const bare = token.replace(/[^A-Za-z0-9-]/g, '');
      const capitalised = /^[A-Z][A-Za-z0-9-]*$/.test(bare) && bare.length > 1;
      const acronym = /^[A-Z]{2,}[0-9]*$/.test(bare);
      if (capitalised || acronym) {
        if (current.length === 0) startsSentence = index === 0 && !acronym;
        current.push(bare);
      } else close();
    });
    close();
  }
  return phrases;
}

/**
 * "I couldn't find", "we were unable to", "no record of", "sorry": the agent reporting its own failure. A
 * "can't" about the world ("vehicles over 7.5t can't use the dock") is content, not a refusal: the
 * negated ability counts only with the agent as its subject or an act of looking or doing as its object.
 */
const refusalPattern = new RegExp(
  [
    "\\b(?:i|we)(?:\\s+(?:just|still|currently|also))?\\s+(?:couldn['’]?t|could not|can['’]?t|cannot|was(?:n['’]?t| not)? able|were(?:n['’]?t| not)? able|am unable|are unable|was unable|were unable|don['’]?t (?:know|have)|do not (?:know|have)|did not find|didn['’]?t find)\\b",
    "\\b(?:couldn['’]?t|could not|can['’]?t|cannot|unable to|wasn['’]?t able to|not able to)\\s+(?:find|locate|access|confirm|complete|process|reach|retrieve|verify|see|look\\s+up|load|fetch|get|book|place|submit|send|cancel|refund|update|create|connect|open|determine|check|match|identify|pull|do|help|make|proceed|issue|apply)\\b",
    '\\bunable to\\b',
    '\\bno (?:record|results?|information|match|order|ticket)s?\\b',
    '\\bnot (?:find|found|available|sure)\\b',
    // "the API returned NotFound": an API's own word for it.
    '\\bnotfound\\b',
    // "CUS-5590412 doesn't exist", "no customer matches this callback".
    "\\b(?:doesn['’]?t|does not|don['’]?t|do not) exist\\b",
    '\\bno [\\w-]+ (?:matches|matched|was found|were found)\\b',
    "\\bisn['’]?t (?:available|in)\\b",
    '\\b(?:sorry|unavailable|failed to|try again later|no longer)\\b',
    // "There is no catchment map to send", "the checker has none on record": nothing there to do it with.
    "\\bthere(?:['’]s| is| are) no (?!need\\b|reason\\b|charge\\b|fee\\b|cost\\b)(?:[\\w-]+ ){1,4}to (?:send|share|provide|give|attach|book|show)\\b",
    '\\b(?:has|have) none on (?:record|file)\\b',
  ].join('|'),
  'i',
);

/** An answer that says it could not do or find what was asked: honest, not a success claim. */
export function isRefusalOrFailureReport(text: string): boolean {
  return refusalPattern.test(text);
}

/** Counts written as words ("two 12.5 kg blocks", "all four persons"), two to twelve. */
export const numberWords: ReadonlyMap<string, number> = new Map([
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
]);
