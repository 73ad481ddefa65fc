export { adjustedRandIndex } from './adjusted-rand-index.js';
export { type Cluster, type ClusterResult, clusterResultSchema, clusterSchema } from './cluster-result.js';
export { type ClusterProgress, type ClusterRunsOptions, clusterRuns, type RunSource } from './cluster-runs.js';
export { classifyDrift, type DriftKind, describeEvidence, normaliseField } from './evidence-shape.js';
export { clusterLabelOf, type FailedRun, type GroupingOptions, groupFailedRuns } from './group-runs.js';
export { editDistance, nameSimilarity, normaliseName } from './normalise-name.js';
export { type FailureSignature, signatureOf } from './signature.js';
export { parseWindow, runSourcesFromBackend, runSourcesFromPaths, runSourcesFromStore } from './sources.js';
export { type ChatClusterSummary, summariseClustersForChat } from './summarise-for-chat.js';
