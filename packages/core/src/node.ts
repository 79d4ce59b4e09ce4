/**
 * `@aevb/core/node`: Node-only helpers (file system). Browser bundles never import this entry.
 *
 * @packageDocumentation
 */
export { saveParams, loadParams, writeFileAtomic } from './params/io-node.js';
