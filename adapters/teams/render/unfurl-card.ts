import { escapeCardText, truncateText } from './escape-card-text.js';
import type { AdaptiveCard } from './report-card.js';

/** A compact link-unfurl card (Adaptive Card 1.3, the most link unfurling renders everywhere). */
export function renderUnfurlCard(url: string, traceId: string | null): AdaptiveCard {
  const label = traceId === null ? 'Trace link' : `Trace ${escapeCardText(truncateText(traceId, 64))}`;
  return {
    type: 'AdaptiveCard',
    version: '1.3',
    body: [
      { type: 'TextBlock', text: label, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: 'Mention tracehound with this link to triage it.', wrap: true, isSubtle: true },
    ],
    actions: /^https:\/\//.test(url) ? [{ type: 'Action.OpenUrl', title: 'Open trace', url }] : [],
  };
}
