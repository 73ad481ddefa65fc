export { type AccessScope, backendsForScope } from './backends-for-scope.js';
export {
  type AccessRule,
  type AuthConfig,
  accessRuleSchema,
  authConfigSchema,
  type BackendConfig,
  backendConfigSchema,
  backendTypes,
  type TracehoundConfig,
  tracehoundConfigSchema,
} from './config-schema.js';
export { environmentKeyFor, type LoadConfigOptions, loadConfig } from './load-config.js';
