export { defaultMaxFileBytes, readSlackConfig, type SlackConfig } from './config.js';
export { downloadSlackFile, type SlackFileReference, slackFileHosts } from './download-file.js';
export { renderSlackManifest, type SlackManifestOptions, slackManifestTemplatePath } from './manifest.js';
export { SlackRouteReceiver, slackEventsPath } from './receiver.js';
export { renderErrorBlocks } from './render/error-blocks.js';
export { renderReportBlocks, reportFallbackText } from './render/report-blocks.js';
export { renderUnfurlBlocks } from './render/unfurl-blocks.js';
export { createSlackApp, type SlackApp, type SlackAppOptions } from './slack-app.js';
export { computeSlackSignature, verifySlackSignature } from './verify-signature.js';
