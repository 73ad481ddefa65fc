import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors/index.js';
import type { ParsedInput } from './trace-reader.js';

export const defaultMaxBytes = 100 * 1024 * 1024;

/**
 * Turns bytes into a ParsedInput: gunzip (bounded), UTF-8 (binary is refused), then one JSON document,
 * JSON Lines, concatenated pretty-printed objects (the OTel Python console exporter), or plain text.
 */
export function parseInput(input: Uint8Array | string, source: string, maxBytes = defaultMaxBytes): ParsedInput {
  const text =
    typeof input === 'string' ? checkTextSize(input, source, maxBytes) : decodeBytes(input, source, maxBytes);
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.length === 0) {
    throw new InputError('the input is empty', { source, expected: 'a trace file (JSON, JSON Lines or a span list)' });
  }
  const first = trimmed[0];
  // `[span 0] …` starts like a JSON array but is the plain-text span list.
  if ((first !== '{' && first !== '[') || /^\[\s*span\b/i.test(trimmed)) return { kind: 'text', text: trimmed };
  try {
    return { kind: 'json', value: JSON.parse(trimmed) };
  } catch (wholeError) {
    const sequence = parseJsonSequence(trimmed);
    if (sequence) return { kind: 'json-sequence', values: sequence };
    throw new InputError(
      describeJsonError(wholeError, trimmed),
      { source, expected: 'valid JSON' },
      { cause: wholeError },
    );
  }
}

function checkTextSize(text: string, source: string, maxBytes: number): string {
  if (text.length > maxBytes) throw tooLarge(source, text.length, maxBytes);
  return text;
}

function tooLarge(source: string, size: number, maxBytes: number): InputError {
  return new InputError(
    `the input is ${size} bytes, over the ${maxBytes}-byte cap`,
    { source, expected: `at most ${maxBytes} bytes (raise it with --max-bytes)` },
    { code: 'input_too_large' },
  );
}

function decodeBytes(bytes: Uint8Array, source: string, maxBytes: number): string {
  let data = bytes;
  if (data.length > maxBytes) throw tooLarge(source, data.length, maxBytes);
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: maxBytes });
    } catch (error) {
      const isCap = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      if (isCap) throw tooLarge(source, maxBytes + 1, maxBytes);
      throw new InputError(
        'the gzip data is corrupt or truncated',
        { source, expected: 'a complete gzip stream' },
        { cause: error },
      );
    }
  }
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  // Decoding turns every invalid sequence into U+FFFD, so text without one came from valid UTF-8 and
  // needs no second pass over the bytes; the search costs nothing on the usual one-byte (ASCII)
  // string. Only text holding U+FFFD is checked (isUtf8, native): it may have been written that way.
  if (text.includes(replacementCharacter) && !isUtf8(data)) {
    throw new InputError('the input is binary, not UTF-8 text', { source, expected: 'a JSON or text trace export' });
  }
  return text;
}

const replacementCharacter = '\uFFFD';

/** JSON Lines, or objects written one after another; null when the text is neither. */
function parseJsonSequence(text: string): unknown[] | null {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (escaped) escaped = false;
      else if (character === 92) escaped = true;
      else if (character === 34) inString = false;
      continue;
    }
    if (character === 34) inString = true;
    else if (character === 123 || character === 91) {
      if (depth === 0) start = index;
      depth += 1;
    } else if (character === 125 || character === 93) {
      depth -= 1;
      if (depth < 0) return null;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, index + 1)));
        } catch {
          return null;
        }
      }
    } else if (
      depth === 0 &&
      character !== 10 &&
      character !== 13 &&
      character !== 32 &&
      character !== 9 &&
      character !== 44
    ) {
      return null;
    }
  }
  if (depth !== 0 || values.length < 2) return null;
  return values;
}

function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  // Node 20 gives no position when the text simply stops: that is the end of the input.
  const atEnd = /end of JSON input/i.test(message);
  if (!match && !atEnd) return `not valid JSON: ${message}`;
  const position = match ? Number(match[1]) : text.length;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const truncated = position >= text.length - 1 ? ' (the file looks truncated)' : '';
  return `not valid JSON at line ${line}, column ${column}${truncated}`;
}
