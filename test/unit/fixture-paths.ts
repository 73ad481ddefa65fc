import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in test/unit/. */
export const repositoryRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** `shared/` sits beside the clone (CI and developers alike). */
export const sharedFixtures = path.resolve(repositoryRoot, '../shared/fixtures');
export const devFixtures = path.join(sharedFixtures, 'dev');
export const externalFixtures = path.join(sharedFixtures, 'external');
export const ownFixtures = path.join(repositoryRoot, 'test/fixtures');
