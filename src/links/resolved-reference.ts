/** What a pasted link or ID points at. A link names its backend; a bare ID is tried on every allowed backend. */
export type ResolvedReference =
  | {
      kind: 'link';
      backendName: string;
      traceId: string;
      spanId?: string;
      /** `run`: a LangSmith run ID whose trace must be looked up; `share`: a LangSmith public share token. */
      idKind?: 'trace' | 'run' | 'share';
      /** Grafana: the data source named in the link. */
      datasourceUid?: string;
    }
  | { kind: 'id'; traceId: string };

/** What a UI-specific parser extracts from a link. */
export interface LinkMatch {
  traceId: string;
  spanId?: string;
  idKind?: 'trace' | 'run' | 'share';
  datasourceUid?: string;
}
