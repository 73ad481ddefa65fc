import type { Layer } from '../report/report.js';
import type { Cluster, ClusterResult } from './cluster-result.js';
import { nameSimilarity } from './normalise-name.js';
import type { FailureSignature } from './signature.js';

/** One analysed failed run, as grouping needs it. */
export interface FailedRun {
  traceId: string;
  source: string;
  traceUrl: string | null;
  /** Milliseconds since the Unix epoch, or null when the trace has no times. */
  startTime: number | null;
  signature: FailureSignature;
  rootSpanId: string;
  summary: string;
  agent: string | null;
  tool: string | null;
}

export interface GroupingOptions {
  /** Names at least this similar (0..1) in otherwise identical signatures are one mode. */
  mergeSimilarity?: number;
  /** Groups smaller than this are outliers. */
  minClusterSize?: number;
  maxRepresentatives?: number;
}

const fixByLayer: Record<Layer, string> = {
  instruction: 'Correct the agent instructions (system prompt) and add a verification step for the fact they state',
  plan: 'Make the planner cover every clause of the request, and check the plan against the goal before acting',
  'tool-args':
    'Validate tool arguments against the request and the records looked up before calling the tool (constrain the argument schema, echo-check identifiers)',
  tool: 'Fix the tool itself: it failed on sensible arguments; add contract tests and surface its errors to the agent',
  retrieval:
    'Fix retrieval: check the query built from the request, the index contents and the reranker; refuse to answer on empty or off-topic context',
  'upstream-data': 'Correct the source data and validate tool and retriever results (ranges, formats) before use',
  model:
    'Ground the model output in its context: require citations or values copied from context, check numbers against inputs, raise max tokens where output is truncated',
  infrastructure:
    'Handle rate limits, timeouts and credentials at the client: retries with backoff honouring Retry-After, quota alerts, credential rotation',
};

interface Group {
  signature: FailureSignature;
  signatureIds: string[];
  runs: FailedRun[];
}

/** Groups failed runs into clusters; deterministic: the same runs in any order give the same result. */
export function groupFailedRuns(
  runs: readonly FailedRun[],
  counts: { healthy: number; unreadable: ClusterResult['unreadable'] },
  options: GroupingOptions = {},
): ClusterResult {
  const mergeSimilarity = options.mergeSimilarity ?? 0.8;
  const minClusterSize = options.minClusterSize ?? 2;
  const maxRepresentatives = options.maxRepresentatives ?? 5;

  const bySignature = new Map<string, Group>();
  for (const run of runs) {
    const existing = bySignature.get(run.signature.id);
    if (existing) existing.runs.push(run);
    else bySignature.set(run.signature.id, { signature: run.signature, signatureIds: [run.signature.id], runs: [run] });
  }

  // Largest first, so that the surviving ID of a merge is the most common variant's: stable as batches grow.
  const ordered = [...bySignature.values()].sort(compareGroups);
  const merged: Group[] = [];
  for (const group of ordered) {
    const target = merged.find((candidate) => sameMode(candidate.signature, group.signature, mergeSimilarity));
    if (target) {
      target.runs.push(...group.runs);
      target.signatureIds.push(...group.signatureIds);
    } else {
      merged.push({ ...group, runs: [...group.runs], signatureIds: [...group.signatureIds] });
    }
  }

  const failed = runs.length;
  const clusters: Cluster[] = [];
  const outliers: string[] = [];
  for (const group of merged.sort(compareGroups)) {
    const members = [...group.runs].sort(compareRuns);
    if (members.length < minClusterSize) {
      outliers.push(...members.map((run) => run.traceId));
      continue;
    }
    clusters.push(toCluster(group, members, failed, maxRepresentatives));
  }

  const layers = new Map<Layer, { count: number; clusterIds: string[] }>();
  for (const cluster of clusters) {
    const entry = layers.get(cluster.layer) ?? { count: 0, clusterIds: [] };
    entry.count += cluster.count;
    entry.clusterIds.push(cluster.id);
    layers.set(cluster.layer, entry);
  }

  return {
    clusters,
    layers: [...layers.entries()]
      .map(([layer, entry]) => ({ layer, ...entry }))
      .sort((left, right) => right.count - left.count || left.layer.localeCompare(right.layer)),
    outliers: outliers.sort(),
    failed,
    healthy: counts.healthy,
    unreadable: [...counts.unreadable].sort((left, right) => left.file.localeCompare(right.file)),
  };
}

function sameMode(left: FailureSignature, right: FailureSignature, threshold: number): boolean {
  return (
    left.layer === right.layer &&
    left.rule === right.rule &&
    left.shape === right.shape &&
    nameSimilarity(left.subject, right.subject) >= threshold
  );
}

function compareGroups(left: Group, right: Group): number {
  return right.runs.length - left.runs.length || left.signature.id.localeCompare(right.signature.id);
}

function compareRuns(left: FailedRun, right: FailedRun): number {
  return (left.startTime ?? 0) - (right.startTime ?? 0) || left.traceId.localeCompare(right.traceId);
}

/** The human label of a failure mode: `tool-args: order_id drifted by transposition in lookup_order`. */
export function clusterLabelOf(signature: FailureSignature): string {
  const where = signature.subject ? ` in ${signature.subject}` : '';
  const what = signature.shape ? signature.shape : signature.rule;
  return `${signature.layer}: ${what}${where}`;
}

function toCluster(group: Group, members: FailedRun[], failed: number, maxRepresentatives: number): Cluster {
  const { signature } = group;
  const times = members.map((run) => run.startTime).filter((time): time is number => time !== null);
  return {
    id: signature.id,
    label: clusterLabelOf(signature),
    layer: signature.layer,
    rule: signature.rule,
    count: members.length,
    share: failed === 0 ? 0 : Math.round((members.length / failed) * 1000) / 1000,
    firstSeen: times.length > 0 ? new Date(Math.min(...times)).toISOString() : null,
    lastSeen: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
    agents: distinct(members.map((run) => run.agent)),
    tools: distinct(members.map((run) => run.tool)),
    traceIds: members.map((run) => run.traceId),
    representatives: pickRepresentatives(members, maxRepresentatives).map((run) => ({
      traceId: run.traceId,
      source: run.source,
      traceUrl: run.traceUrl,
      rootSpanId: run.rootSpanId,
      summary: run.summary,
    })),
    commonEvidence: signature.shape || signature.rule,
    suggestedFix: `${fixByLayer[signature.layer]}${signature.subject ? ` (${signature.subject})` : ''}.`,
    signatureIds: group.signatureIds,
  };
}

/** Evenly spread over time, so that the first and the latest occurrence are both shown. */
function pickRepresentatives(members: FailedRun[], limit: number): FailedRun[] {
  if (members.length <= limit) return members;
  const picked: FailedRun[] = [];
  for (let index = 0; index < limit; index += 1) {
    const member = members[Math.round((index * (members.length - 1)) / (limit - 1))];
    if (member) picked.push(member);
  }
  return picked;
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => value !== null && value !== ''))].sort();
}
