import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolCall, user } from '../build-trace.js';

const request =
  'Book a hotel in Lisbon for 2 adults from 3 to 6 May. It must be step-free, my father uses a wheelchair.';

function handOffTrace(task: string, searchArguments: Record<string, string | number>, hotels: string) {
  return buildTrace([
    agentSpan('root', request, 'Booked Hotel Alfama Terrace for 2 adults, 3-6 May.'),
    {
      id: 'orchestrator',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      inputMessages: [user(request)],
      outputMessages: [assistant('', [toolCall('transfer_to_booking_agent', { task })])],
    },
    {
      id: 'booking-agent',
      parentId: 'root',
      name: 'invoke_agent booking-agent',
      role: 'agent',
      inputMessages: [user(task)],
      outputMessages: [assistant('Selected Hotel Alfama Terrace.')],
    },
    {
      id: 'search',
      parentId: 'booking-agent',
      name: 'execute_tool search_hotels',
      role: 'tool',
      tool: { name: 'search_hotels', callId: null, arguments: searchArguments, result: hotels },
    },
  ]);
}

describe('dropped-constraint: a hand-off that loses a restriction of the request', () => {
  it('the hand-off without "step-free" is the root when a result shows what it excludes', () => {
    const report = attributeRootCause(
      handOffTrace(
        'Book a hotel in Lisbon for 2 adults, 3 to 6 May.',
        { city: 'Lisbon', adults: 2 },
        'Hotel Alfama Terrace: 4th floor, no lift, steps to entrance (not step-free).',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'orchestrator', layer: 'tool-args', rule: 'dropped-constraint' });
    expect(report.rootCause?.evidence[0]?.expected).toContain('step-free');
  });

  it('a hand-off that keeps the restriction is not a finding', () => {
    const report = attributeRootCause(
      handOffTrace(
        'Book a step-free hotel in Lisbon for 2 adults, 3 to 6 May.',
        { city: 'Lisbon', adults: 2, step_free: 'true' },
        'Hotel Alfama Terrace: ground floor rooms, step-free entrance.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'dropped-constraint')).toEqual([]);
  });

  it('a later call that carries the restriction anyway is not a finding', () => {
    const report = attributeRootCause(
      handOffTrace(
        'Book a hotel in Lisbon for 2 adults, 3 to 6 May.',
        { city: 'Lisbon', adults: 2, accessibility: 'step-free' },
        'Hotel Alfama Terrace: ground floor rooms, step-free entrance.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'dropped-constraint')).toEqual([]);
  });

  it('without data showing a breach, the dropped restriction is only a warning', () => {
    const report = attributeRootCause(
      handOffTrace(
        'Book a hotel in Lisbon for 2 adults, 3 to 6 May.',
        { city: 'Lisbon', adults: 2 },
        'Hotel Alfama Terrace.',
      ),
    );
    const finding = report.findings.find((entry) => entry.rule === 'dropped-constraint');
    expect(finding?.severity).toBe('warning');
    expect(report.rootCause).toBeNull();
  });
});
