import { describe, expect, it } from 'vitest';
import { parseSlashText } from '../../../../adapters/slack/handlers/slash-command.js';

describe('parseSlashText', () => {
  it('reads help, cluster, private and plain triage requests', () => {
    expect(parseSlashText('')).toEqual({ kind: 'help' });
    expect(parseSlashText('  HELP ')).toEqual({ kind: 'help' });
    expect(parseSlashText('cluster 7d')).toEqual({ kind: 'cluster', window: '7d', private: false });
    expect(parseSlashText('cluster')).toEqual({ kind: 'cluster', window: null, private: false });
    expect(parseSlashText('private Cluster 2w')).toEqual({ kind: 'cluster', window: '2w', private: true });
    expect(parseSlashText('private abc123')).toEqual({ kind: 'triage', reference: 'abc123', private: true });
    expect(parseSlashText('private')).toEqual({ kind: 'help' });
    expect(parseSlashText('<https://x.example/t/1|trace>')).toEqual({
      kind: 'triage',
      reference: '<https://x.example/t/1|trace>',
      private: false,
    });
  });
});
