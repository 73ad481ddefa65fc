import { z } from 'zod';
import { layerSchema } from '../report/report.js';

export const clusterSchema = z.object({
  id: z.string(),
  label: z.string(),
  layer: layerSchema,
  rule: z.string(),
  count: z.number().int().positive(),
  /** This cluster's count over all failed runs, in [0, 1]. */
  share: z.number().min(0).max(1),
  /** ISO 8601 start times of the earliest and latest member run, when the traces have times. */
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  agents: z.array(z.string()),
  tools: z.array(z.string()),
  traceIds: z.array(z.string()),
  representatives: z.array(
    z.object({
      traceId: z.string(),
      source: z.string(),
      traceUrl: z.string().nullable(),
      rootSpanId: z.string(),
      summary: z.string(),
    }),
  ),
  /** What the members' evidence has in common, value-free. */
  commonEvidence: z.string(),
  suggestedFix: z.string(),
  /** The signature IDs merged into this cluster (the first is the cluster's own). */
  signatureIds: z.array(z.string()),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const clusterResultSchema = z.object({
  clusters: z.array(clusterSchema),
  /** Sub-clusters per layer: one layer that holds several modes lists them here. */
  layers: z.array(z.object({ layer: layerSchema, count: z.number().int(), clusterIds: z.array(z.string()) })),
  outliers: z.array(z.string()),
  /** Failed runs that were analysed, clustered or not. */
  failed: z.number().int().nonnegative(),
  /** Runs that were not failed (`ok` or `suspicious` with no root cause): counted, not clustered. */
  healthy: z.number().int().nonnegative(),
  /** Inputs that could not be read or analysed: the file (or `backend:trace-id`, or a backend's search) and why. */
  unreadable: z.array(z.object({ file: z.string(), error: z.string() })),
});
export type ClusterResult = z.infer<typeof clusterResultSchema>;
