import type { JsonValue } from '../model/json-value.js';
import { toJsonValue } from './field-reading.js';

/**
 * Parses what people type as an object or list: JSON, or JavaScript-style literals with unquoted
 * keys, single quotes and trailing commas (`{ order_id: '1243', amount: 89.00, }`). Returns the text
 * itself when it cannot be read.
 */
export function parseLenientValue(text: string): JsonValue {
  const trimmed = text.trim();
  try {
    return toJsonValue(JSON.parse(trimmed));
  } catch {
    // fall through to the lenient form
  }
  const converted = toJson(trimmed);
  if (converted !== null) {
    try {
      return toJsonValue(JSON.parse(converted));
    } catch {
      // not an object literal either
    }
  }
  return unquote(trimmed);
}

export function unquote(text: string): string {
  const first = text[0];
  if (text.length >= 2 && (first === "'" || first === '"' || first === '`') && text.endsWith(first)) {
    return text.slice(1, -1).replace(/\\(['"`\\])/g, '$1');
  }
  return text;
}

function toJson(text: string): string | null {
  let output = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index] as string;
    if (character === "'" || character === '"' || character === '`') {
      let end = index + 1;
      let value = '';
      while (end < text.length && text[end] !== character) {
        if (text[end] === '\\' && end + 1 < text.length) {
          value += text[end + 1];
          end += 2;
          continue;
        }
        value += text[end];
        end += 1;
      }
      if (end >= text.length) return null;
      output += JSON.stringify(value);
      index = end + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(character)) {
      let end = index;
      while (end < text.length && /[\w$.-]/.test(text[end] as string)) end += 1;
      const word = text.slice(index, end);
      let next = end;
      while (next < text.length && /\s/.test(text[next] as string)) next += 1;
      if (text[next] === ':') output += JSON.stringify(word);
      else if (word === 'true' || word === 'false' || word === 'null') output += word;
      else if (word === 'None') output += 'null';
      else if (word === 'True' || word === 'False') output += word.toLowerCase();
      else output += JSON.stringify(word);
      index = end;
      continue;
    }
    if (character === ',') {
      let next = index + 1;
      while (next < text.length && /\s/.test(text[next] as string)) next += 1;
      if (text[next] === '}' || text[next] === ']') {
        index += 1;
        continue;
      }
    }
    output += character;
    index += 1;
  }
  return output;
}
