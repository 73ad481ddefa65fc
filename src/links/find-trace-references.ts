const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

const referencePattern =
  /https?:\/\/[^\s<>"'|]+|(?<![0-9a-z-])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[0-9a-f]{16})(?![0-9a-z-])/gi;

/**
 * Links and trace IDs in a chat message, in order, without duplicates. Unwraps Slack `<url|label>` / `<url>`
 * and Teams HTML (`<a href="…">`, entities); the label of a link is not scanned (it usually repeats the link).
 */
export function findTraceReferences(messageText: string): string[] {
  let text = messageText.slice(0, 40_000);
  text = text.replace(
    /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>[\s\S]*?<\/a>/gi,
    (_whole, double, single) => ` ${String(double ?? single ?? '')} `,
  );
  text = text.replace(/<((?:https?:)[^|>\s]+)(?:\|[^>]*)?>/gi, ' $1 ');
  text = text.replace(/<[^>]*>/g, ' ');
  text = decodeEntities(text);
  const found: string[] = [];
  for (const match of text.matchAll(referencePattern)) {
    let reference = match[0];
    if (/^https?:/i.test(reference)) reference = reference.replace(/[.,;:!?)\]}]+$/, '');
    if (!found.includes(reference)) found.push(reference);
  }
  return found;
}
