/**
 * Writes a clustering benchmark corpus: failing runs from 14 failure modes, written with varied
 * wording, values, tool-name variants and domains, in four formats, plus healthy runs. The true
 * mode of each run goes to labels.json. Deterministic for a given size.
 *
 *   npx tsx bench/generate-cluster-corpus.ts [--runs 1200] [--out bench/corpus/clusters]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CorpusFormat, Scenario } from './corpus-writers/scenario.js';
import {
  badRetrieval,
  healthyLookup,
  healthyRag,
  infrastructureFailure,
  instructionConflict,
  inventedPlaceholder,
  modelContradicts,
  modelWroteDriftedArgument,
  planGap,
  toolBug,
  truncatedOutput,
  upstreamData,
} from './corpus-writers/scenarios.js';
import { writeScenario } from './corpus-writers/writers.js';

/** A small seeded generator (mulberry32): the corpus is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

function swapLastTwo(digits: string): string {
  return `${digits.slice(0, -2)}${digits[digits.length - 1]}${digits[digits.length - 2]}`;
}

const people = ['Amal', 'Bea', 'Chidi', 'Dana', 'Eero', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kemal', 'Lior'];
const products = ['Contoso Studio', 'Fabrikam Designer', 'Northwind Analytics', 'Tailspin Notes', 'Woodgrove Sync'];

type ModeBuilder = (index: number, next: () => number, pick: Pick) => Scenario;

const modes: Record<string, ModeBuilder> = {
  'order-id-transposed': (index, next, pick) => {
    const good = String(10000 + Math.floor(next() * 89999)).replace(/(\d)\1$/, '$18');
    const bad = swapLastTwo(good);
    const tool = pick(['lookup_order', 'lookup_orders', 'LookupOrder', 'lookupOrder']);
    const request = pick([
      `Refund order #${good} please.`,
      `Can you refund order ${good}?`,
      `Customer wants a refund for order #${good}.`,
    ]);
    return modelWroteDriftedArgument({
      name: `c-order-${index}`,
      domain: 'commerce',
      service: pick(['refund-agent', 'orders-bot']),
      request,
      tool,
      field: 'order_id',
      good,
      bad,
      result: { order_id: bad, total: 20 + (index % 50) },
      answer: `Refund issued for order ${bad}.`,
    });
  },
  'ticket-dropped-digit': (index, next, pick) => {
    const good = `${pick(['INC', 'SUP', 'OPS'])}-${10000 + Math.floor(next() * 89999)}`;
    const bad = good.slice(0, -1);
    return modelWroteDriftedArgument({
      name: `c-ticket-${index}`,
      domain: 'support',
      service: 'helpdesk-agent',
      request: pick([
        `Escalate ticket ${good} to tier 2.`,
        `Please escalate ${good}.`,
        `${good} needs escalating to the network team.`,
      ]),
      tool: pick(['escalate_ticket', 'escalateTicket', 'escalate_tickets']),
      field: 'ticket_id',
      good,
      bad,
      result: { ok: true },
      answer: `Escalated ${bad}.`,
    });
  },
  'payment-decimal-shift': (index, next, pick) => {
    const good = 100 * (2 + Math.floor(next() * 40));
    return modelWroteDriftedArgument({
      name: `c-payment-${index}`,
      domain: 'commerce',
      service: 'ap-agent',
      request: pick([`Pay invoice INV-${3000 + index} for ${good} USD.`, `Settle INV-${3000 + index}: ${good} USD.`]),
      tool: pick(['create_payment', 'createPayment']),
      field: 'amount',
      good,
      bad: good / 10,
      extraArgs: { invoice: `INV-${3000 + index}`, currency: 'USD' },
      result: { payment_id: `pay_${index}` },
      answer: `Paid INV-${3000 + index}.`,
    });
  },
  'placeholder-email': (index, _next, pick) =>
    inventedPlaceholder({
      name: `c-email-${index}`,
      domain: 'commerce',
      service: 'receipts-agent',
      request: pick([
        `Send the receipt for order ${50000 + index} to the buyer.`,
        `Email the buyer of order ${50000 + index} their receipt.`,
      ]),
      lookup: {
        tool: pick(['get_order', 'getOrder']),
        args: { order_id: String(50000 + index) },
        result: { order_id: String(50000 + index), buyer: pick(people) },
      },
      action: {
        tool: pick(['send_email', 'sendEmail', 'send_emails']),
        field: 'to',
        placeholder: pick(['customer@example.com', 'user@example.com', 'buyer@example.org']),
        args: { subject: 'Receipt' },
      },
      answer: 'Receipt sent.',
    }),
  'model-rate-limited': (index, _next, pick) =>
    infrastructureFailure({
      name: `c-ratelimit-${index}`,
      domain: pick(['support', 'rag', 'devops']),
      service: pick(['summary-agent', 'docs-assistant', 'ops-agent']),
      request: pick([
        'Summarise the incident channel.',
        'Explain the retention policy.',
        'What changed in the last deploy?',
      ]),
      where: 'llm',
      status: 429,
      error: pick(['429 Too Many Requests', 'Rate limit reached for gpt-4o (429)']),
      answer: '',
    }),
  'crm-auth-expired': (index, _next, pick) =>
    infrastructureFailure({
      name: `c-auth-${index}`,
      domain: 'commerce',
      service: 'crm-agent',
      request: pick(['List my open deals.', 'Show the deals closing this month.', 'Which accounts renew in Q1?']),
      where: 'tool',
      tool: pick(['list_deals', 'listDeals']),
      args: { owner: 'me' },
      status: 401,
      error: pick(['401 Unauthorized: token expired', 'HTTP 401: invalid token']),
      answer: "I can't reach the CRM.",
    }),
  'invoice-renderer-bug': (index, _next, pick) =>
    toolBug({
      name: `c-toolbug-${index}`,
      domain: 'commerce',
      service: 'billing-agent',
      request: pick([
        `Generate the PDF for invoice INV-${7000 + index}.`,
        `I need invoice INV-${7000 + index} as a PDF.`,
      ]),
      tool: pick(['render_invoice', 'renderInvoice']),
      args: { invoice: `INV-${7000 + index}` },
      error: pick([
        "TypeError: Cannot read properties of undefined (reading 'lines')",
        'NullPointerException in InvoiceRenderer',
      ]),
      answer: 'Something went wrong.',
    }),
  'empty-retrieval-guess': (index, _next, pick) => {
    const topic = pick(['metrics exporter port', 'backup schedule', 'SSO session length', 'log retention']);
    return badRetrieval(
      {
        name: `c-empty-${index}`,
        domain: 'rag',
        service: 'docs-assistant',
        request: `What is the ${topic}?`,
        query: topic,
        documents: [],
        answer: `The ${topic} is ${(index % 90) + 10}.`,
      },
      'empty',
    );
  },
  'wrong-plan-docs': (index, _next, pick) => {
    const [asked, found] = pick([
      ['Enterprise Plan', 'Team Plan'],
      ['Premium Plan', 'Basic Plan'],
      ['Business Plan', 'Starter Plan'],
    ]) as [string, string];
    return badRetrieval(
      {
        name: `c-entity-${index}`,
        domain: 'rag',
        service: 'docs-assistant',
        request: pick([`What is the SLA for the ${asked}?`, `Which support hours come with the ${asked}?`]),
        query: asked,
        documents: [
          {
            id: `kb/${index}`,
            content: `The ${found} includes a 99.${index % 9}% uptime SLA and business-hours support.`,
            score: 0.5,
          },
        ],
        answer: `It includes a 99.${index % 9}% uptime SLA.`,
      },
      'wrong entity',
    );
  },
  'negative-catalogue-price': (index, next, pick) => {
    const price = 10 + Math.floor(next() * 90);
    const seats = 2 + (index % 5);
    return upstreamData({
      name: `c-price-${index}`,
      domain: 'commerce',
      service: 'quote-agent',
      request: `Quote ${seats} seats of ${pick(products)}.`,
      tool: pick(['get_price', 'getPrice', 'get_prices']),
      args: { sku: `SKU-${index}` },
      result: { sku: `SKU-${index}`, unit_price: -price, currency: 'EUR' },
      answer: `That comes to -${price * seats}.00 EUR.`,
    });
  },
  'model-changes-number': (index, next, pick) => {
    const value = 10 + Math.floor(next() * 80);
    const unit = pick(['MB', 'days', 'GB']);
    return modelContradicts({
      name: `c-model-${index}`,
      domain: 'rag',
      service: 'docs-assistant',
      request: pick(['What is the limit?', 'How much is allowed?', 'What is the maximum?']),
      context: `The limit is ${value} ${unit} per account.`,
      answer: `The limit is ${value * 10} ${unit} per account.`,
    });
  },
  'truncated-answer': (index, _next, pick) =>
    truncatedOutput({
      name: `c-truncated-${index}`,
      domain: pick(['devops', 'support']),
      service: 'writer-agent',
      request: pick(['Write the failover runbook.', 'Summarise the customer call.', 'Draft the postmortem.']),
      output: `Step 1: freeze writes. Step 2: promote the replica by running ${index}`,
    }),
  'stale-hotline-instruction': (index, _next, pick) => {
    const old = `0800 ${200 + (index % 50)} ${400 + (index % 90)}`;
    return instructionConflict({
      name: `c-instruction-${index}`,
      domain: 'support',
      service: 'help-bot',
      request: pick(['What number do I call for outages?', 'Which hotline handles outages?']),
      instructions: `Answer support questions. The outage hotline is ${old}.`,
      tool: pick(['get_outage_hotline', 'getOutageHotline']),
      result: { hotline: `0800 999 ${100 + (index % 99)}`, updated: '2026-10-02' },
      answer: `Call the outage hotline on ${old}.`,
    });
  },
  'plan-skips-snapshot': (index, _next, pick) => {
    const database = pick(['orders-db', 'billing-db', 'users-db']);
    return planGap({
      name: `c-plan-${index}`,
      domain: 'devops',
      service: 'ops-agent',
      request: `Take a snapshot of ${database}, then upgrade it to version ${15 + (index % 3)}.`,
      steps: [`upgrade_database(${database})`],
      tool: pick(['upgrade_database', 'upgradeDatabase']),
      args: { database },
      answer: `${database} is upgraded.`,
    });
  },
};

const healthy: ModeBuilder[] = [
  (index, _next, pick) =>
    healthyLookup({
      name: `c-ok-lookup-${index}`,
      domain: 'commerce',
      service: 'orders-agent',
      request: `What is the status of order ${60000 + index}?`,
      tool: pick(['get_order', 'getOrder']),
      args: { order_id: String(60000 + index) },
      result: { order_id: String(60000 + index), status: 'shipped' },
      answer: `Order ${60000 + index} has shipped.`,
    }),
  (index, _next, pick) =>
    healthyRag({
      name: `c-ok-rag-${index}`,
      domain: 'rag',
      service: 'docs-assistant',
      request: `How long are ${pick(['audit logs', 'backups', 'invoices'])} kept?`,
      context: `They are kept for ${100 + index} days in every region.`,
      answer: `They are kept for ${100 + index} days.`,
    }),
];

const formats: readonly CorpusFormat[] = ['otlp-genai', 'jaeger', 'langfuse', 'text'];

export function generateClusterCorpus(folder: string, runs: number): { files: number; modes: number } {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const next = random(runs);
  const pick: Pick = (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
  const modeNames = Object.keys(modes);
  const labels: Record<string, string> = {};
  const healthyCount = Math.round(runs * 0.15);
  for (let index = 0; index < runs; index += 1) {
    const isHealthy = index < healthyCount;
    const mode = isHealthy ? 'healthy' : (modeNames[index % modeNames.length] as string);
    const builder = isHealthy ? (healthy[index % healthy.length] as ModeBuilder) : (modes[mode] as ModeBuilder);
    const scenario = builder(index, next, pick);
    let format = formats[index % formats.length] as CorpusFormat;
    if (format === 'text' && scenario.spans.some((span) => span.instructions)) format = 'otlp-genai';
    const written = writeScenario(scenario, format);
    const file = `${scenario.name}.${written.extension}`;
    writeFileSync(path.join(folder, file), written.content);
    labels[file] = mode;
  }
  writeFileSync(path.join(folder, 'labels.json'), `${JSON.stringify(labels, null, 1)}\n`);
  return { files: runs, modes: modeNames.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '1200' }, out: { type: 'string', default: 'bench/corpus/clusters' } },
  });
  const result = generateClusterCorpus(values.out, Number(values.runs));
  console.log(`wrote ${result.files} runs from ${result.modes} failure modes (+ healthy) to ${values.out}`);
}
