import { describe, expect, it } from 'vitest';
import { escapeCardText, truncateText } from '../../../../adapters/teams/render/escape-card-text.js';

describe('escapeCardText', () => {
  it('neutralises emphasis, code, links and HTML but leaves ordinary punctuation alone', () => {
    expect(escapeCardText('tool.lookup_order(order_id=1243).')).toBe('tool.lookup\\_order(order\\_id=1243).');
    expect(escapeCardText('**bold** [x](https://evil.test) `code` ~~gone~~')).toBe(
      '\\*\\*bold\\*\\* \\[x\\](https://evil.test) \\`code\\` \\~\\~gone\\~\\~',
    );
    expect(escapeCardText('<at>Everyone</at> & co')).toBe('&lt;at&gt;Everyone&lt;/at&gt; &amp; co');
  });

  it('escapes block markers only at the start of a line', () => {
    expect(escapeCardText('# title\n- item\n1. first\norder #1234 - ok')).toBe(
      '\\# title\n\\- item\n1\\. first\norder #1234 - ok',
    );
  });

  it('says how much a truncated value lost', () => {
    expect(truncateText('abcdef', 3)).toBe('abc… (truncated, 3 more characters)');
    expect(truncateText('abc', 3)).toBe('abc');
  });
});
