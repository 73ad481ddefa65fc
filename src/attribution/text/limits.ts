/** A bound a text states on a quantity: "up to 70 kg", "exceeds the maximum of 31.5 kg", "at least 3 nights". */
export interface StatedLimit {
  bound: 'max' | 'min';
  value: number;
  /** Normalised unit (`kg`, `night`, `usd`, `%`), or null when the number stands alone. */
  unit: string | null;
  /** The words as written, for evidence. */
  raw: string;
}

const currencySymbols: Record<string, string> = { $: 'usd', '€': 'eur', '£': 'gbp' };

// A bound word, a few words that are not a number (the thing bounded), then the number and its unit.
const limitPattern =
  /\b(maximum|max\.?|limit(?:ed)?|at most|up to|no more than|not (?:to )?exceed|cannot exceed|can't exceed|exceed(?:s|ed|ing)?|over|above|greater than|more than|minimum|min\.?|at least|no (?:less|fewer) than|below|under|less than)\b([^.;:\n\d$€£]{0,40}?)([$€£])?\s?(\d[\d,]*(?:\.\d+)?)\s?(%|[A-Za-z]+)?/gi;

const minimumWords = /^(minimum|min\.?|at least|no (?:less|fewer) than|below|under|less than)$/i;

/** Units as the same word whatever the case or number: `Kg`, `kgs` → `kg`; `nights` → `night`. */
function normaliseUnit(word: string | undefined, symbol: string | undefined): string | null {
  if (symbol) return currencySymbols[symbol] ?? null;
  if (!word) return null;
  const lower = word.toLowerCase();
  if (lower === '%' || lower === 'percent') return '%';
  if (/^(usd|eur|gbp|chf|jpy|cad|aud)$/.test(lower)) return lower;
  // Words that follow a number without being its unit: "up to 70 and …", "limit 5 per day".
  if (/^(and|or|per|of|in|on|at|to|for|the|a|an|by|from|with|is|are|was|each)$/.test(lower)) return null;
  return lower.length > 3 && lower.endsWith('s') ? lower.slice(0, -1) : lower;
}

/** Every bound a text states with a number. */
export function statedLimits(text: string): StatedLimit[] {
  const limits: StatedLimit[] = [];
  for (const match of text.matchAll(limitPattern)) {
    const [raw, word = '', , symbol, digits = '', unitWord] = match;
    const value = Number(digits.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    limits.push({
      bound: minimumWords.test(word.trim()) ? 'min' : 'max',
      value,
      unit: normaliseUnit(unitWord, symbol),
      // After a currency symbol the next word is not a unit ("over $500 need approval").
      raw: (symbol && unitWord ? raw.slice(0, raw.length - unitWord.length) : raw).trim(),
    });
  }
  return limits;
}

/**
 * A bound the first text states that the second states differently for the same unit and direction:
 * the pair `[stated, observed]`, or null. Unitless bounds never conflict: a bare number could be anything.
 */
export function conflictingLimit(
  stated: readonly StatedLimit[],
  observed: readonly StatedLimit[],
): [StatedLimit, StatedLimit] | null {
  for (const theirs of observed) {
    if (theirs.unit === null) continue;
    const ours = stated.find(
      (limit) => limit.unit === theirs.unit && limit.bound === theirs.bound && limit.value !== theirs.value,
    );
    if (ours) return [ours, theirs];
  }
  return null;
}
