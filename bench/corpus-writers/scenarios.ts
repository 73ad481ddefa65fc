import type { Scenario, ScenarioSpan } from './scenario.js';

/**
 * Failure modes and healthy runs, each written for several domains with different wording, tools and
 * value shapes. Labels follow the brief's rules: the span where the bad value first appears, in the
 * layer where it belongs.
 */

interface Base {
  name: string;
  domain: string;
  service: string;
}

const agent = (request: string, answer: string, extra: Partial<ScenarioSpan> = {}): ScenarioSpan => ({
  key: 'root',
  kind: 'agent',
  name: 'agent',
  request,
  answer,
  ...extra,
});

// ---------- tool-args: the model wrote a drifted value into a tool call ----------
interface DriftCase extends Base {
  request: string;
  tool: string;
  field: string;
  good: string | number;
  bad: string | number;
  extraArgs?: Record<string, unknown>;
  result: unknown;
  answer: string;
  followUp?: { tool: string; args: Record<string, unknown>; result: unknown };
}

export function modelWroteDriftedArgument(item: DriftCase): Scenario {
  const args = { [item.field]: item.bad, ...(item.extraArgs ?? {}) };
  const spans: ScenarioSpan[] = [
    { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
    { key: 'llm', kind: 'llm', name: 'plan-call', toolCalls: [{ name: item.tool, args }] },
    { key: 'tool', kind: 'tool', name: item.tool, args, result: item.result },
  ];
  if (item.followUp) {
    spans.push({
      key: 'llm2',
      kind: 'llm',
      name: 'follow-up',
      prompt: [{ role: 'tool', text: JSON.stringify(item.result) }],
      toolCalls: [{ name: item.followUp.tool, args: item.followUp.args }],
    });
    spans.push({
      key: 'tool2',
      kind: 'tool',
      name: item.followUp.tool,
      args: item.followUp.args,
      result: item.followUp.result,
    });
  }
  spans.push({
    key: 'final',
    kind: 'llm',
    name: 'answer',
    prompt: [{ role: 'tool', text: JSON.stringify(item.result) }],
    output: item.answer,
  });
  return {
    ...item,
    mode: `tool-args drift in ${item.tool}`,
    verdict: 'failed',
    root: { keys: ['llm', 'tool'], layers: ['tool-args'] },
    surfacedKey: 'final',
    note: `the request says ${item.good}; the tool call carries ${item.bad}`,
    spans,
  };
}

export const driftCases: DriftCase[] = [
  {
    name: 'refund-transposed',
    domain: 'commerce',
    service: 'refund-agent',
    request: 'Refund order #58213 in full and let the customer know.',
    tool: 'lookup_order',
    field: 'order_id',
    good: '58213',
    bad: '58231',
    result: { order_id: '58231', total: 42.5, currency: 'EUR' },
    answer: 'Order 58231 has been refunded (42.50 EUR).',
    followUp: { tool: 'issue_refund', args: { order_id: '58231', amount: 42.5 }, result: { ok: true } },
  },
  {
    name: 'ticket-dropped-digit',
    domain: 'support',
    service: 'helpdesk-agent',
    request: 'Reassign ticket SUP-44190 to the billing queue.',
    tool: 'reassign_ticket',
    field: 'ticket_id',
    good: 'SUP-44190',
    bad: 'SUP-4419',
    extraArgs: { queue: 'billing' },
    result: { ok: true },
    answer: 'SUP-4419 is now in the billing queue.',
  },
  {
    name: 'deploy-version-swap',
    domain: 'devops',
    service: 'deploy-bot',
    request: 'Deploy release 4.12.7 of checkout-service to production.',
    tool: 'deploy_release',
    field: 'version',
    good: '4.12.7',
    bad: '4.21.7',
    extraArgs: { service: 'checkout-service', environment: 'production' },
    result: { status: 'rolling out' },
    answer: 'Release 4.21.7 of checkout-service is rolling out.',
  },
  {
    name: 'customer-id-edit',
    domain: 'commerce',
    service: 'billing-agent',
    request: 'Apply a 15% loyalty discount to customer cus_88412.',
    tool: 'apply_discount',
    field: 'customer',
    good: 'cus_88412',
    bad: 'cus_88142',
    extraArgs: { percent: 15 },
    result: { applied: true },
    answer: 'Discount applied to cus_88142.',
  },
  {
    name: 'booking-ref-swap',
    domain: 'travel',
    service: 'travel-agent',
    request: 'Cancel booking ZX4KLM for the traveller.',
    tool: 'cancel_booking',
    field: 'booking_ref',
    good: 'ZX4KLM',
    bad: 'ZXK4LM',
    result: { cancelled: true },
    answer: 'Booking ZXK4LM is cancelled; the refund is on its way.',
  },
  {
    name: 'employee-id-transposed',
    domain: 'hr',
    service: 'hr-assistant',
    request: 'Approve the leave request of employee E-70351 for next week.',
    tool: 'approve_leave',
    field: 'employee_id',
    good: 'E-70351',
    bad: 'E-70315',
    result: { approved: true },
    answer: 'Leave approved for E-70315.',
  },
  {
    name: 'invoice-amount-shift',
    domain: 'commerce',
    service: 'ap-agent',
    request: 'Pay invoice INV-2291 for 1,250.00 USD today.',
    tool: 'create_payment',
    field: 'amount',
    good: 1250,
    bad: 125,
    extraArgs: { invoice: 'INV-2291', currency: 'USD' },
    result: { payment_id: 'pay_771' },
    answer: 'Paid INV-2291: 125 USD.',
  },
  {
    name: 'meeting-duration-shift',
    domain: 'scheduling',
    service: 'calendar-agent',
    request: 'Book a 45 minute sync with Amal on Thursday at 14:00.',
    tool: 'create_event',
    field: 'duration_min',
    good: 45,
    bad: 450,
    extraArgs: { attendee: 'Amal', start: '2026-11-26T14:00' },
    result: { event_id: 'evt_5521' },
    answer: 'Booked the sync with Amal on Thursday at 14:00.',
  },
  {
    name: 'scale-replicas-shift',
    domain: 'devops',
    service: 'ops-agent',
    request: 'Scale the search-api deployment to 12 replicas.',
    tool: 'scale_deployment',
    field: 'replicas',
    good: 12,
    bad: 120,
    extraArgs: { deployment: 'search-api' },
    result: { ok: true },
    answer: 'search-api is scaling to 120 replicas.',
  },
  {
    name: 'parcel-dropped-char',
    domain: 'commerce',
    service: 'shipping-agent',
    request: 'Where is parcel 1Z999AA10123456784?',
    tool: 'track_parcel',
    field: 'tracking',
    good: '1Z999AA10123456784',
    bad: '1Z999AA1012345678',
    result: { status: 'unknown tracking number' },
    answer: 'I could not find that parcel.',
  },
];

// ---------- tool-args without a recorded model span (code built the arguments) ----------
export function codeWroteDriftedArgument(item: DriftCase): Scenario {
  const args = { [item.field]: item.bad, ...(item.extraArgs ?? {}) };
  return {
    ...item,
    mode: `tool-args drift in ${item.tool}`,
    verdict: 'failed',
    root: { keys: ['tool'], layers: ['tool-args'] },
    surfacedKey: 'tool',
    note: `the request says ${item.good}; the tool ran with ${item.bad}`,
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      {
        key: 'plan',
        kind: 'plan',
        name: 'plan',
        steps: [item.tool, ...(item.followUp ? [item.followUp.tool] : []), 'reply'],
      },
      { key: 'tool', kind: 'tool', name: item.tool, args, result: item.result },
      ...(item.followUp
        ? [
            {
              key: 'tool2',
              kind: 'tool' as const,
              name: item.followUp.tool,
              args: item.followUp.args,
              result: item.followUp.result,
            },
          ]
        : []),
    ],
  };
}

// ---------- invented placeholder values ----------
interface InventedCase extends Base {
  request: string;
  lookup: { tool: string; args: Record<string, unknown>; result: unknown };
  action: { tool: string; field: string; placeholder: string; args: Record<string, unknown> };
  answer: string;
}

export function inventedPlaceholder(item: InventedCase): Scenario {
  const args = { [item.action.field]: item.action.placeholder, ...item.action.args };
  return {
    ...item,
    mode: `invented ${item.action.field} in ${item.action.tool}`,
    verdict: 'failed',
    root: { keys: ['llm', 'action'], layers: ['tool-args'] },
    surfacedKey: 'action',
    note: `${item.action.placeholder} is a placeholder no upstream span produced`,
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'lookup', kind: 'tool', name: item.lookup.tool, args: item.lookup.args, result: item.lookup.result },
      {
        key: 'llm',
        kind: 'llm',
        name: 'act',
        prompt: [{ role: 'tool', text: JSON.stringify(item.lookup.result) }],
        toolCalls: [{ name: item.action.tool, args }],
      },
      { key: 'action', kind: 'tool', name: item.action.tool, args, result: { sent: true } },
    ],
  };
}

export const inventedCases: InventedCase[] = [
  {
    name: 'receipt-example-email',
    domain: 'commerce',
    service: 'receipts-agent',
    request: 'Send the receipt for order 77120 to the buyer.',
    lookup: { tool: 'get_order', args: { order_id: '77120' }, result: { order_id: '77120', buyer: 'Mina Park' } },
    action: { tool: 'send_email', field: 'to', placeholder: 'customer@example.com', args: { subject: 'Your receipt' } },
    answer: 'Receipt sent to the buyer.',
  },
  {
    name: 'callback-test-phone',
    domain: 'support',
    service: 'callback-agent',
    request: 'Schedule a callback for account AC-30017 tomorrow morning.',
    lookup: { tool: 'get_account', args: { account: 'AC-30017' }, result: { account: 'AC-30017', owner: 'Joel Ruiz' } },
    action: { tool: 'schedule_callback', field: 'phone', placeholder: '+1 555-0142', args: { slot: 'morning' } },
    answer: 'Callback scheduled for tomorrow morning.',
  },
  {
    name: 'invite-placeholder-email',
    domain: 'hr',
    service: 'onboarding-agent',
    request: 'Invite the new hire in requisition R-5521 to the onboarding session.',
    lookup: {
      tool: 'get_requisition',
      args: { requisition: 'R-5521' },
      result: { requisition: 'R-5521', candidate: 'Ines Duarte' },
    },
    action: {
      tool: 'send_invite',
      field: 'email',
      placeholder: 'john.doe@example.com',
      args: { session: 'onboarding' },
    },
    answer: 'Ines has been invited to onboarding.',
  },
  {
    name: 'webhook-example-url',
    domain: 'devops',
    service: 'integrations-agent',
    request: 'Point the alerts webhook of project atlas at our incident bridge.',
    lookup: {
      tool: 'get_project',
      args: { project: 'atlas' },
      result: { project: 'atlas', bridge_channel: 'inc-bridge' },
    },
    action: {
      tool: 'set_webhook',
      field: 'url',
      placeholder: 'https://example.com/webhook',
      args: { project: 'atlas' },
    },
    answer: 'The atlas alerts webhook now points at the incident bridge.',
  },
];

// ---------- infrastructure ----------
interface InfraCase extends Base {
  request: string;
  where: 'llm' | 'tool' | 'http';
  tool?: string;
  args?: Record<string, unknown>;
  status: number | null;
  error: string;
  answer: string;
}

export function infrastructureFailure(item: InfraCase): Scenario {
  const spans: ScenarioSpan[] = [{ ...agent(item.request, item.answer), name: `${item.domain}-agent` }];
  if (item.where === 'llm') {
    spans.push({
      key: 'fail',
      kind: 'llm',
      name: 'chat',
      ...(item.status ? { httpStatus: item.status } : {}),
      error: item.error,
    });
  } else if (item.where === 'tool') {
    spans.push({
      key: 'llm',
      kind: 'llm',
      name: 'decide',
      toolCalls: [{ name: item.tool ?? 'tool', args: item.args ?? {} }],
    });
    spans.push({
      key: 'fail',
      kind: 'tool',
      name: item.tool ?? 'tool',
      args: item.args ?? {},
      ...(item.status ? { httpStatus: item.status } : {}),
      error: item.error,
    });
    spans.push({ key: 'final', kind: 'llm', name: 'answer', output: item.answer });
  } else {
    spans.push({
      key: 'tool',
      kind: 'tool',
      name: item.tool ?? 'tool',
      args: item.args ?? {},
      error: 'dependency failed',
    });
    spans.push({
      key: 'fail',
      kind: 'http',
      name: `${item.tool}-backend`,
      parent: 'tool',
      ...(item.status ? { httpStatus: item.status } : {}),
      error: item.error,
    });
  }
  const category =
    item.status === 429
      ? 'rate limit'
      : item.status === 401 || item.status === 403
        ? 'auth'
        : item.status === 503 || item.status === 502
          ? 'service unavailable'
          : 'timeout';
  return {
    ...item,
    mode: `infrastructure ${category} at ${item.where}`,
    verdict: 'failed',
    root: { keys: ['fail'], layers: ['infrastructure'] },
    surfacedKey: 'fail',
    note: item.error,
    spans,
  };
}

export const infraCases: InfraCase[] = [
  {
    name: 'model-rate-limited',
    domain: 'support',
    service: 'summary-agent',
    request: 'Summarise the last 20 messages in #inc-4412.',
    where: 'llm',
    status: 429,
    error: '429 Too Many Requests: Rate limit reached for gpt-4o',
    answer: '',
  },
  {
    name: 'model-quota',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'Explain our data retention policy.',
    where: 'llm',
    status: 429,
    error: 'insufficient_quota: You exceeded your current quota',
    answer: '',
  },
  {
    name: 'crm-token-expired',
    domain: 'commerce',
    service: 'crm-agent',
    request: 'List the open deals for the Nordics region.',
    where: 'tool',
    tool: 'list_deals',
    args: { region: 'Nordics', state: 'open' },
    status: 401,
    error: '401 Unauthorized: token expired',
    answer: "I can't reach the CRM right now.",
  },
  {
    name: 'pagerduty-forbidden',
    domain: 'devops',
    service: 'oncall-agent',
    request: 'Who is on call for payments this weekend?',
    where: 'tool',
    tool: 'get_oncall',
    args: { schedule: 'payments' },
    status: 403,
    error: '403 Forbidden: missing scope schedules.read',
    answer: 'I could not read the on-call schedule.',
  },
  {
    name: 'carrier-down',
    domain: 'commerce',
    service: 'shipping-agent',
    request: 'Track shipment SHP-66120.',
    where: 'tool',
    tool: 'track_shipment',
    args: { shipment: 'SHP-66120' },
    status: 503,
    error: '503 Service Unavailable: carrier API down',
    answer: 'Tracking is unavailable right now.',
  },
  {
    name: 'hr-db-timeout',
    domain: 'hr',
    service: 'hr-assistant',
    request: 'How many vacation days does employee E-11873 have left?',
    where: 'http',
    tool: 'get_balance',
    args: { employee_id: 'E-11873' },
    status: null,
    error: 'connect ETIMEDOUT 10.20.0.14:5432',
    answer: '',
  },
  {
    name: 'flights-gateway',
    domain: 'travel',
    service: 'travel-agent',
    request: 'Find flights from Lisbon to Oslo on 12 December.',
    where: 'http',
    tool: 'search_flights',
    args: { from: 'LIS', to: 'OSL', date: '2026-12-12' },
    status: 504,
    error: '504 Gateway Timeout',
    answer: '',
  },
];

// ---------- tool: a bug on sensible arguments ----------
interface ToolBugCase extends Base {
  request: string;
  tool: string;
  args: Record<string, unknown>;
  error: string;
  answer: string;
}

export function toolBug(item: ToolBugCase): Scenario {
  return {
    ...item,
    mode: `tool bug in ${item.tool}`,
    verdict: 'failed',
    root: { keys: ['tool'], layers: ['tool'] },
    surfacedKey: 'tool',
    note: 'the arguments match the request; the tool itself failed',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'llm', kind: 'llm', name: 'decide', toolCalls: [{ name: item.tool, args: item.args }] },
      { key: 'tool', kind: 'tool', name: item.tool, args: item.args, httpStatus: 500, error: item.error },
      { key: 'final', kind: 'llm', name: 'answer', output: item.answer },
    ],
  };
}

export const toolBugCases: ToolBugCase[] = [
  {
    name: 'invoice-render-bug',
    domain: 'commerce',
    service: 'billing-agent',
    request: 'Generate the PDF for invoice INV-9041.',
    tool: 'render_invoice',
    args: { invoice: 'INV-9041' },
    error: "TypeError: Cannot read properties of undefined (reading 'lines')",
    answer: 'Something went wrong generating the invoice.',
  },
  {
    name: 'ticket-search-bug',
    domain: 'support',
    service: 'helpdesk-agent',
    request: 'Find tickets mentioning SSO from customer cus_7720.',
    tool: 'search_tickets',
    args: { customer: 'cus_7720', text: 'SSO' },
    error: 'NullPointerException at TicketIndex.query',
    answer: 'Ticket search failed.',
  },
  {
    name: 'runbook-bug',
    domain: 'devops',
    service: 'ops-agent',
    request: 'Run the disk-cleanup runbook on host db-17.',
    tool: 'run_runbook',
    args: { runbook: 'disk-cleanup', host: 'db-17' },
    error: 'internal error: runbook executor crashed',
    answer: 'The runbook failed.',
  },
];

// ---------- retrieval ----------
interface RetrievalCase extends Base {
  request: string;
  query: string;
  documents: Array<{ id: string; content: string; score: number }>;
  answer: string;
}

export function badRetrieval(item: RetrievalCase, mode: string): Scenario {
  return {
    ...item,
    mode,
    verdict: 'failed',
    root: { keys: ['retrieve'], layers: ['retrieval'] },
    surfacedKey: 'final',
    note: 'the context that reached the model does not answer the question',
    spans: [
      { ...agent(item.request, item.answer), name: 'docs-assistant' },
      { key: 'retrieve', kind: 'retrieval', name: 'kb-search', query: item.query, documents: item.documents },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [
          {
            role: 'user',
            text: `Context: ${item.documents.map((document) => document.content).join(' ')}\n\nQuestion: ${item.request}`,
          },
        ],
        output: item.answer,
      },
    ],
  };
}

export const wrongEntityCases: RetrievalCase[] = [
  {
    name: 'rag-wrong-plan',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'What is the SLA for the Enterprise Plan?',
    query: 'SLA Enterprise Plan',
    documents: [{ id: 'kb/plans#team', content: 'The Team Plan includes a 99.5% uptime SLA.', score: 0.58 }],
    answer: 'The SLA is 99.5% uptime.',
  },
  {
    name: 'rag-wrong-region',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'Which data centres does the Frankfurt Region use?',
    query: 'data centres Frankfurt Region',
    documents: [
      {
        id: 'kb/regions#dublin',
        content: 'The Dublin Region runs in three availability zones: eu-1a, eu-1b and eu-1c.',
        score: 0.55,
      },
    ],
    answer: 'It runs in eu-1a, eu-1b and eu-1c.',
  },
  {
    name: 'rag-wrong-product',
    domain: 'support',
    service: 'docs-assistant',
    request: 'How do I reset the admin password on the Contoso Router?',
    query: 'reset admin password Contoso Router',
    documents: [
      {
        id: 'kb/switch#reset',
        content: 'To reset the Contoso Switch admin password, hold the reset button for 10 seconds.',
        score: 0.62,
      },
    ],
    answer: 'Hold the reset button for 10 seconds.',
  },
];

export const offTopicCases: RetrievalCase[] = [
  {
    name: 'rag-off-topic-expenses',
    domain: 'hr',
    service: 'policy-bot',
    request: 'Can I expense a home office chair and what is the limit?',
    query: 'expense home office chair limit',
    documents: [
      {
        id: 'kb/travel#per-diem',
        content: 'Travel per diem rates vary by city; book flights through the travel portal.',
        score: 0.41,
      },
    ],
    answer: 'Book it through the travel portal.',
  },
  {
    name: 'rag-empty-then-guess',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'What port does the metrics exporter listen on?',
    query: 'metrics exporter port',
    documents: [],
    answer: 'The metrics exporter listens on port 9100.',
  },
];

// ---------- upstream-data ----------
interface UpstreamCase extends Base {
  request: string;
  tool: string;
  args: Record<string, unknown>;
  result: Record<string, unknown>;
  answer: string;
}

export function upstreamData(item: UpstreamCase): Scenario {
  return {
    ...item,
    mode: `upstream-data from ${item.tool}`,
    verdict: 'failed',
    root: { keys: ['tool'], layers: ['upstream-data'] },
    surfacedKey: 'final',
    note: 'the tool returned a wrong value faithfully; the run repeated it',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'tool', kind: 'tool', name: item.tool, args: item.args, result: item.result },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [{ role: 'tool', text: JSON.stringify(item.result) }],
        output: item.answer,
      },
    ],
  };
}

export const upstreamCases: UpstreamCase[] = [
  {
    name: 'catalogue-negative-price',
    domain: 'commerce',
    service: 'quote-agent',
    request: 'Quote 4 seats of Tailspin Designer.',
    tool: 'get_price',
    args: { sku: 'TSP-DESIGNER' },
    result: { sku: 'TSP-DESIGNER', unit_price: -35, currency: 'USD' },
    answer: '4 seats of Tailspin Designer cost -140.00 USD.',
  },
  {
    name: 'inventory-negative-stock',
    domain: 'commerce',
    service: 'inventory-agent',
    request: 'How many units of SKU WID-2210 are in the Leeds warehouse?',
    tool: 'get_stock',
    args: { sku: 'WID-2210', warehouse: 'Leeds' },
    result: { sku: 'WID-2210', quantity: -12 },
    answer: 'There are -12 units of WID-2210 in Leeds.',
  },
  {
    name: 'crm-bad-email',
    domain: 'support',
    service: 'crm-agent',
    request: 'What email do we have on file for account AC-99120?',
    tool: 'get_account',
    args: { account: 'AC-99120' },
    result: { account: 'AC-99120', email: 'm.lopez@contoso..com' },
    answer: 'The email on file is m.lopez@contoso..com.',
  },
];

// ---------- model ----------
interface ModelCase extends Base {
  request: string;
  context: string;
  answer: string;
}

export function modelContradicts(item: ModelCase): Scenario {
  return {
    ...item,
    mode: 'model contradicts its context',
    verdict: 'failed',
    root: { keys: ['final'], layers: ['model'] },
    surfacedKey: 'final',
    note: 'the context has the right value; the model changed it',
    spans: [
      { ...agent(item.request, item.answer), name: 'docs-assistant' },
      {
        key: 'retrieve',
        kind: 'retrieval',
        name: 'kb-search',
        query: item.request,
        documents: [{ id: 'kb/1', content: item.context, score: 0.91 }],
      },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [{ role: 'user', text: `Context: ${item.context}\n\nQuestion: ${item.request}` }],
        output: item.answer,
      },
    ],
  };
}

export const modelCases: ModelCase[] = [
  {
    name: 'model-upload-limit',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'What is the largest file I can upload?',
    context: 'Uploads are limited to 50 MB per file.',
    answer: 'You can upload files of up to 500 MB.',
  },
  {
    name: 'model-notice-period',
    domain: 'hr',
    service: 'policy-bot',
    request: 'What is the notice period for senior engineers?',
    context: 'Senior engineers have a notice period of 90 days.',
    answer: 'Senior engineers have a notice period of 9 days.',
  },
  {
    name: 'model-fee-currency',
    domain: 'commerce',
    service: 'docs-assistant',
    request: 'What is the late payment fee?',
    context: 'A late payment fee of 25.00 EUR applies after 30 days.',
    answer: 'A late payment fee of 52.00 EUR applies after 30 days.',
  },
];

export function truncatedOutput(item: Base & { request: string; output: string }): Scenario {
  return {
    ...item,
    mode: 'model output truncated',
    verdict: 'failed',
    root: { keys: ['final'], layers: ['model'] },
    surfacedKey: 'final',
    note: 'finish_reason length: the answer is cut off',
    spans: [
      { ...agent(item.request, item.output), name: `${item.domain}-agent` },
      { key: 'final', kind: 'llm', name: 'draft', output: item.output, finishReason: 'length' },
    ],
  };
}

export const truncatedCases = [
  {
    name: 'truncated-runbook',
    domain: 'devops',
    service: 'ops-agent',
    request: 'Write the failover runbook for the orders database.',
    output: '1. Freeze writes on orders-primary. 2. Promote orders-replica-2 by running',
  },
  {
    name: 'truncated-summary',
    domain: 'support',
    service: 'summary-agent',
    request: 'Summarise the customer call about the billing dispute.',
    output: 'The customer disputes two charges from October and asks that',
  },
];

// ---------- instruction ----------
export function instructionConflict(
  item: Base & { request: string; instructions: string; tool: string; result: Record<string, unknown>; answer: string },
): Scenario {
  return {
    ...item,
    mode: 'stale fact in instructions',
    verdict: 'failed',
    root: { keys: ['root', 'final'], layers: ['instruction'] },
    surfacedKey: 'final',
    note: 'the answer follows the instructions; the tool has the current value',
    spans: [
      { ...agent(item.request, item.answer, { instructions: item.instructions }), name: `${item.domain}-agent` },
      { key: 'tool', kind: 'tool', name: item.tool, args: {}, result: item.result },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [
          { role: 'system', text: item.instructions },
          { role: 'user', text: item.request },
          { role: 'tool', text: JSON.stringify(item.result) },
        ],
        output: item.answer,
      },
    ],
  };
}

export const instructionCases = [
  {
    name: 'instruction-old-address',
    domain: 'commerce',
    service: 'returns-agent',
    request: 'Where should I send my return?',
    instructions: 'You are the returns assistant. Returns go to 88 Quay Street, Galway (returns depot).',
    tool: 'get_returns_depot',
    result: { address: 'Unit 9, Ballybrit Business Park, Galway', since: '2026-08-01' },
    answer: 'Please send your return to 88 Quay Street, Galway.',
  },
  {
    name: 'instruction-old-hotline',
    domain: 'support',
    service: 'help-bot',
    request: 'What number do I call for urgent outages?',
    instructions: 'Answer support questions. The outage hotline is 0800 222 410.',
    tool: 'get_outage_hotline',
    result: { hotline: '0800 999 118', updated: '2026-10-02' },
    answer: 'Call the outage hotline on 0800 222 410.',
  },
  {
    name: 'instruction-old-office',
    domain: 'hr',
    service: 'hr-assistant',
    request: 'Where is the Berlin office now?',
    instructions: 'You help employees. The Berlin office is at 12 Torstrasse, Berlin Mitte.',
    tool: 'get_office_location',
    result: { office: 'Berlin', address: 'Cuvrystrasse 50, Berlin Kreuzberg', moved: '2026-05-01' },
    answer: 'The Berlin office is at 12 Torstrasse, Berlin Mitte.',
  },
];

// ---------- plan ----------
export function planGap(
  item: Base & { request: string; steps: string[]; tool: string; args: Record<string, unknown>; answer: string },
): Scenario {
  return {
    ...item,
    mode: 'plan misses a requested step',
    verdict: 'failed',
    root: { keys: ['plan'], layers: ['plan'] },
    surfacedKey: 'root',
    note: 'a step the request asks for was never planned',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'plan', kind: 'plan', name: 'plan', steps: item.steps },
      { key: 'tool', kind: 'tool', name: item.tool, args: item.args, result: { ok: true } },
    ],
  };
}

export const planCases = [
  {
    name: 'plan-skips-backup',
    domain: 'devops',
    service: 'ops-agent',
    request: 'Take a snapshot of orders-db, then upgrade it to Postgres 17.',
    steps: ['upgrade_database(orders-db, 17)'],
    tool: 'upgrade_database',
    args: { database: 'orders-db', version: '17' },
    answer: 'orders-db is upgraded to Postgres 17 after taking a snapshot.',
  },
  {
    name: 'plan-skips-notify',
    domain: 'support',
    service: 'helpdesk-agent',
    request: 'Close ticket SUP-11802 and notify the requester.',
    steps: ['close_ticket(SUP-11802)'],
    tool: 'close_ticket',
    args: { ticket: 'SUP-11802' },
    answer: 'Closed SUP-11802 and let the requester know.',
  },
  {
    name: 'plan-skips-approval',
    domain: 'hr',
    service: 'hr-assistant',
    request: 'After manager approval, update the salary band for employee E-44120.',
    steps: ['update_salary_band(E-44120)'],
    tool: 'update_salary_band',
    args: { employee_id: 'E-44120' },
    answer: 'Salary band updated for E-44120.',
  },
];

// ---------- multi-agent hand-off with a drifted account ----------
export function handoffDrift(item: Base & { request: string; good: string; bad: string; answer: string }): Scenario {
  return {
    ...item,
    mode: 'tool-args drift in handoff',
    verdict: 'failed',
    root: { keys: ['triage-llm', 'handoff'], layers: ['tool-args'] },
    surfacedKey: 'billing-tool',
    note: `the hand-off carried ${item.bad} instead of ${item.good}`,
    spans: [
      { ...agent(item.request, item.answer), name: 'triage-agent' },
      {
        key: 'triage-llm',
        kind: 'llm',
        name: 'route',
        toolCalls: [{ name: 'transfer_to_billing', args: { account_id: item.bad, reason: 'billing question' } }],
      },
      {
        key: 'handoff',
        kind: 'handoff',
        name: 'transfer_to_billing',
        args: { account_id: item.bad, reason: 'billing question' },
        result: { accepted: true },
      },
      {
        key: 'billing-tool',
        kind: 'tool',
        name: 'get_invoices',
        parent: 'handoff',
        args: { account_id: item.bad },
        result: { invoices: [] },
      },
      { key: 'final', kind: 'llm', name: 'billing-answer', output: item.answer },
    ],
  };
}

export const handoffCases = [
  {
    name: 'handoff-account-swap',
    domain: 'multi-agent',
    service: 'support-swarm',
    request: 'Why was account ACC-557210 charged twice in November?',
    good: 'ACC-557210',
    bad: 'ACC-552710',
    answer: 'I see no invoices for that account in November.',
  },
  {
    name: 'handoff-account-dropped',
    domain: 'multi-agent',
    service: 'support-swarm',
    request: 'Please explain the latest invoice on account ACC-301944.',
    good: 'ACC-301944',
    bad: 'ACC-30194',
    answer: 'There are no invoices on this account.',
  },
];

// ---------- healthy runs ----------
export function healthyLookup(
  item: Base & { request: string; tool: string; args: Record<string, unknown>; result: unknown; answer: string },
): Scenario {
  return {
    ...item,
    mode: 'healthy',
    verdict: 'ok',
    root: null,
    surfacedKey: null,
    note: 'every value has a source; every call succeeded',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'llm', kind: 'llm', name: 'decide', toolCalls: [{ name: item.tool, args: item.args }] },
      { key: 'tool', kind: 'tool', name: item.tool, args: item.args, result: item.result },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [{ role: 'tool', text: JSON.stringify(item.result) }],
        output: item.answer,
      },
    ],
  };
}

export const healthyLookupCases = [
  {
    name: 'ok-order-status',
    domain: 'commerce',
    service: 'orders-agent',
    request: 'What is the status of order 66402?',
    tool: 'get_order',
    args: { order_id: '66402' },
    result: { order_id: '66402', status: 'shipped', carrier: 'DHL' },
    answer: 'Order 66402 has shipped with DHL.',
  },
  {
    name: 'ok-ticket-owner',
    domain: 'support',
    service: 'helpdesk-agent',
    request: 'Who owns ticket SUP-90411?',
    tool: 'get_ticket',
    args: { ticket: 'SUP-90411' },
    result: { ticket: 'SUP-90411', owner: 'r.okafor', state: 'open' },
    answer: 'SUP-90411 is owned by r.okafor and is still open.',
  },
  {
    name: 'ok-deploy-status',
    domain: 'devops',
    service: 'deploy-bot',
    request: 'Which version of billing-api is in production?',
    tool: 'get_deployment',
    args: { service: 'billing-api', environment: 'production' },
    result: { service: 'billing-api', version: '7.3.1' },
    answer: 'billing-api 7.3.1 is in production.',
  },
  {
    name: 'ok-leave-balance',
    domain: 'hr',
    service: 'hr-assistant',
    request: 'How many leave days does E-20931 have left?',
    tool: 'get_leave_balance',
    args: { employee_id: 'E-20931' },
    result: { employee_id: 'E-20931', days_left: 11 },
    answer: 'E-20931 has 11 leave days left.',
  },
  {
    name: 'ok-quote-total',
    domain: 'commerce',
    service: 'quote-agent',
    request: 'Quote 3 licences of Northwind Studio.',
    tool: 'get_price',
    args: { sku: 'NW-STUDIO' },
    result: { sku: 'NW-STUDIO', unit_price: 49, currency: 'EUR' },
    answer: '3 licences of Northwind Studio cost 147.00 EUR.',
  },
  {
    name: 'ok-flight-search',
    domain: 'travel',
    service: 'travel-agent',
    request: 'Find a flight from Porto to Berlin on 2026-12-03.',
    tool: 'search_flights',
    args: { from: 'OPO', to: 'BER', date: '2026-12-03' },
    result: { flights: [{ flight: 'TP 572', departs: '2026-12-03T07:40' }] },
    answer: 'TP 572 leaves Porto at 07:40 on 3 December.',
  },
];

export function healthyRag(item: Base & { request: string; context: string; answer: string }): Scenario {
  return {
    ...item,
    mode: 'healthy',
    verdict: 'ok',
    root: null,
    surfacedKey: null,
    note: 'the context answers the question and the answer follows it',
    spans: [
      { ...agent(item.request, item.answer), name: 'docs-assistant' },
      {
        key: 'retrieve',
        kind: 'retrieval',
        name: 'kb-search',
        query: item.request,
        documents: [{ id: 'kb/a', content: item.context, score: 0.88 }],
      },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [{ role: 'user', text: `Context: ${item.context}\n\nQuestion: ${item.request}` }],
        output: item.answer,
      },
    ],
  };
}

export const healthyRagCases = [
  {
    name: 'ok-rag-retention',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'How long are audit logs kept?',
    context: 'Audit logs are retained for 400 days in every region.',
    answer: 'Audit logs are kept for 400 days.',
  },
  {
    name: 'ok-rag-sso',
    domain: 'rag',
    service: 'docs-assistant',
    request: 'Which identity providers does SSO support?',
    context: 'SSO supports Okta, Microsoft Entra ID and any SAML 2.0 provider.',
    answer: 'Okta, Microsoft Entra ID and any SAML 2.0 provider.',
  },
  {
    name: 'ok-rag-parental-leave',
    domain: 'hr',
    service: 'policy-bot',
    request: 'How many weeks of parental leave do we offer?',
    context: 'Employees receive 20 weeks of paid parental leave.',
    answer: 'We offer 20 weeks of paid parental leave.',
  },
];

export function healthyRecovered(
  item: Base & {
    request: string;
    tool: string;
    args: Record<string, unknown>;
    error: string;
    status: number;
    result: unknown;
    answer: string;
  },
): Scenario {
  return {
    ...item,
    mode: 'healthy',
    verdict: 'ok',
    root: null,
    surfacedKey: null,
    note: 'the first call failed and the retry succeeded',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      { key: 'first', kind: 'tool', name: item.tool, args: item.args, httpStatus: item.status, error: item.error },
      { key: 'retry', kind: 'tool', name: item.tool, args: item.args, result: item.result },
      {
        key: 'final',
        kind: 'llm',
        name: 'answer',
        prompt: [{ role: 'tool', text: JSON.stringify(item.result) }],
        output: item.answer,
      },
    ],
  };
}

export const healthyRecoveredCases = [
  {
    name: 'ok-retry-weather',
    domain: 'travel',
    service: 'travel-agent',
    request: 'What is the weather in Oslo tomorrow?',
    tool: 'get_forecast',
    args: { city: 'Oslo' },
    error: '503 Service Unavailable',
    status: 503,
    result: { city: 'Oslo', high_c: 3 },
    answer: 'Tomorrow in Oslo: a high of 3 °C.',
  },
  {
    name: 'ok-retry-rate-limit',
    domain: 'devops',
    service: 'ops-agent',
    request: 'How many pods of search-api are running?',
    tool: 'count_pods',
    args: { deployment: 'search-api' },
    error: '429 Too Many Requests',
    status: 429,
    result: { deployment: 'search-api', running: 8 },
    answer: '8 pods of search-api are running.',
  },
];

export function healthyNotFound(
  item: Base & { request: string; tool: string; args: Record<string, unknown>; answer: string },
): Scenario {
  return {
    ...item,
    mode: 'healthy',
    verdict: 'ok',
    root: null,
    surfacedKey: null,
    note: 'the record does not exist and the agent said so',
    spans: [
      { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
      {
        key: 'tool',
        kind: 'tool',
        name: item.tool,
        args: item.args,
        httpStatus: 404,
        error: '404 Not Found: no such record',
      },
      { key: 'final', kind: 'llm', name: 'answer', output: item.answer },
    ],
  };
}

export const healthyNotFoundCases = [
  {
    name: 'ok-not-found-order',
    domain: 'commerce',
    service: 'orders-agent',
    request: 'Where is order 99912?',
    tool: 'get_order',
    args: { order_id: '99912' },
    answer: "I couldn't find order 99912. Could you double-check the number?",
  },
  {
    name: 'ok-not-found-ticket',
    domain: 'support',
    service: 'helpdesk-agent',
    request: 'Show me ticket SUP-00077.',
    tool: 'get_ticket',
    args: { ticket: 'SUP-00077' },
    answer: 'There is no ticket SUP-00077 in the system.',
  },
];

export function healthyMultiStep(
  item: Base & {
    request: string;
    steps: string[];
    calls: Array<{ tool: string; args: Record<string, unknown>; result: unknown }>;
    answer: string;
  },
): Scenario {
  const spans: ScenarioSpan[] = [
    { ...agent(item.request, item.answer), name: `${item.domain}-agent` },
    { key: 'plan', kind: 'plan', name: 'plan', steps: item.steps },
  ];
  for (const [index, call] of item.calls.entries()) {
    spans.push({ key: `tool${index}`, kind: 'tool', name: call.tool, args: call.args, result: call.result });
  }
  return {
    ...item,
    mode: 'healthy',
    verdict: 'ok',
    root: null,
    surfacedKey: null,
    note: 'a planned multi-step run that did what was asked',
    spans,
  };
}

export const healthyMultiStepCases = [
  {
    name: 'ok-refund-flow',
    domain: 'commerce',
    service: 'refund-agent',
    request: 'Refund order #31877 and send a confirmation email.',
    steps: ['lookup_order', 'issue_refund', 'send_email'],
    calls: [
      {
        tool: 'lookup_order',
        args: { order_id: '31877' },
        result: { order_id: '31877', total: 64, email: 'h.tanaka@fabrikam.jp' },
      },
      { tool: 'issue_refund', args: { order_id: '31877', amount: 64 }, result: { ok: true } },
      { tool: 'send_email', args: { to: 'h.tanaka@fabrikam.jp', template: 'refund' }, result: { sent: true } },
    ],
    answer: 'Refunded 64.00 for order 31877 and emailed h.tanaka@fabrikam.jp.',
  },
  {
    name: 'ok-rollback-flow',
    domain: 'devops',
    service: 'deploy-bot',
    request: 'Check the health of api-gateway 3.8.2 in staging, then roll production back to 3.8.2.',
    steps: ['check_health(staging, 3.8.2)', 'rollback(production, 3.8.2)'],
    calls: [
      { tool: 'check_health', args: { environment: 'staging', version: '3.8.2' }, result: { healthy: true } },
      { tool: 'rollback', args: { environment: 'production', version: '3.8.2' }, result: { ok: true } },
    ],
    answer: 'Staging 3.8.2 is healthy; production is rolled back to 3.8.2.',
  },
  {
    name: 'ok-onboarding-flow',
    domain: 'hr',
    service: 'onboarding-agent',
    request: 'Create accounts for new hire Ana Silva and add her to the design team.',
    steps: ['create_account', 'add_to_team'],
    calls: [
      { tool: 'create_account', args: { name: 'Ana Silva' }, result: { user_id: 'u_84120' } },
      { tool: 'add_to_team', args: { user_id: 'u_84120', team: 'design' }, result: { ok: true } },
    ],
    answer: 'Ana Silva (u_84120) has an account and is on the design team.',
  },
];
