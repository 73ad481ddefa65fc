import { describe, expect, it } from 'vitest';
import { clusterRequestIn, clusterWindowOf } from '../../../../adapters/slack/cluster-reply.js';

describe('clusterWindowOf', () => {
  it('takes 7 days when no window is given, and the window as given otherwise', () => {
    expect(clusterWindowOf(null)).toEqual({ ok: true, window: '7d' });
    expect(clusterWindowOf('12H')).toEqual({ ok: true, window: '12h' });
    expect(clusterWindowOf('2w')).toEqual({ ok: true, window: '2w' });
  });

  it('explains a window it cannot read, escaped', () => {
    const bad = clusterWindowOf('7x');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.rendered.text).toBe('Not a time window: 7x');
    expect(JSON.stringify(bad.rendered.blocks)).toContain('`7x` is not a time window');
    const hostile = clusterWindowOf('<!channel>');
    expect(hostile.ok).toBe(false);
    if (hostile.ok) return;
    expect(JSON.stringify(hostile.rendered.blocks)).toContain('`&lt;!channel&gt;` is not a time window');
  });
});

describe('clusterRequestIn', () => {
  it('reads "cluster" and "cluster <window>" and nothing longer', () => {
    expect(clusterRequestIn(' cluster ')).toEqual({ window: null });
    expect(clusterRequestIn('Cluster 7d')).toEqual({ window: '7d' });
    expect(clusterRequestIn('cluster these runs please')).toBeNull();
    expect(clusterRequestIn('why did 4bf92f3577b34da6a3ce929d0e0e4736 fail')).toBeNull();
    expect(clusterRequestIn('')).toBeNull();
  });
});
