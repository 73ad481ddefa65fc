import { describe, expect, it } from 'vitest';
import { createAnalysisContext } from '../../../src/attribution/analysis-context.js';
import { readTrace } from '../../../src/formats/index.js';

function read(text: string) {
  return readTrace(Buffer.from(text), { source: 'pasted.txt' });
}

describe('the pasted span list', () => {
  it('reads keyword arguments written like a Python call as an object', () => {
    const trace = read(
      [
        "[span 0] user.request goal='Cancel booking QX-4471'",
        "[span 1] tool.cancel_booking(booking_ref='QX-4471', notify=true, fee=12.5) status=200",
      ].join('\n'),
    );
    expect(trace.spans[1]?.tool?.arguments).toEqual({ booking_ref: 'QX-4471', notify: true, fee: 12.5 });
  });

  it('reads a retrieval call with a keyword query and its `docs=` list, ids, scores and texts', () => {
    const trace = read(
      [
        "[span 0] user.request goal='What is the late fee?'",
        "[span 1] retrieval.search_policies(query='late fee', top_k=2) docs=[{ id: 'p/7', score: 0.61, text: 'Late fee: EUR 15.' }, 'Returns within 30 days.']",
      ].join('\n'),
    );
    const retrieval = trace.spans[1]?.retrieval;
    expect(retrieval?.query).toBe('late fee');
    expect(retrieval?.documents).toEqual([
      { id: 'p/7', content: 'Late fee: EUR 15.', score: 0.61, metadata: null },
      { id: null, content: 'Returns within 30 days.', score: null, metadata: null },
    ]);
    expect(trace.spans[1]?.notCaptured).not.toContain('retrieval-documents');
  });

  it('reads a reranker line as a retrieval step, and says when documents were not captured', () => {
    const trace = read(
      ["[span 0] user.request goal='What is the late fee?'", "[span 1] rerank.cross_encoder(query='late fee')"].join(
        '\n',
      ),
    );
    expect(trace.spans[1]?.role).toBe('rerank');
    expect(trace.spans[1]?.retrieval?.query).toBe('late fee');
    expect(trace.spans[1]?.notCaptured).toContain('retrieval-documents');
  });
});

describe('text span lists: apostrophes inside single-quoted values', () => {
  it('"couldn\'t" inside a single-quoted response does not end it', () => {
    const trace = read(
      "[span 0] user.request goal='Is listing MT-3915 still up?'\n[span 1] agent.answer response='I couldn't find listing MT-3915; it's most likely sold.'",
    );
    const answer = trace.spans.find((span) => span.id === '1');
    expect(answer?.output).toBe("I couldn't find listing MT-3915; it's most likely sold.");
  });

  it('a quote that closes the value before the next field still closes it', () => {
    const trace = read("[span 0] user.request goal='Refund order 1182' user='dana'");
    expect(trace.spans[0]?.userRequest).toBe('Refund order 1182');
  });
});

describe('text span lists: a line that records the system instructions', () => {
  it('`agent.instructions text=…` is the instructions, not something the agent answered', () => {
    const trace = read(
      [
        "[span 0] user.request goal='Is CAS E4G8 on record?'",
        "[span 1] agent.instructions text='Look CAS numbers up with lookup_cas. Never guess CAS details.'",
        '[span 2] tool.lookup_cas(args={ cas_number: \'E4G8\' }) status=404 result={"error":"not_found"}',
        "[span 3] model.answer response='I could not find CAS E4G8.'",
      ].join('\n'),
    );
    expect(trace.spans[1]?.systemInstructions).toBe('Look CAS numbers up with lookup_cas. Never guess CAS details.');
    expect(trace.spans[1]?.outputMessages).toEqual([]);
    const context = createAnalysisContext(trace);
    expect(context.answer?.text).toBe('I could not find CAS E4G8.');
    expect(context.goal.instructions).toContain('Never guess CAS details');
  });
});
