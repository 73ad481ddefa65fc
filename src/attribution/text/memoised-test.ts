/**
 * A pattern's test, memoised by the text tested: field names and record keys repeat across thousands
 * of spans of a large trace, and each is then tested once. Bounded: a long-running server reads many
 * traces, and their field names must not pile up.
 */
export function memoisedTest(pattern: RegExp): (text: string) => boolean {
  // A global or sticky pattern carries state between tests: its results are not the text's alone.
  if (pattern.global || pattern.sticky) throw new Error(`cannot memoise ${pattern}: it keeps state between tests`);
  const results = new Map<string, boolean>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      result = pattern.test(text);
      if (results.size >= memoLimit) results.clear();
      results.set(text, result);
    }
    return result;
  };
}

const memoLimit = 10_000;
