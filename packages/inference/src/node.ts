/**
 * `@aevb/inference/node`: checkpoints on disk (Node only). Browser bundles never import this entry.
 *
 * @packageDocumentation
 */
export {
  saveCheckpoint,
  loadCheckpoint,
  readCheckpointFile,
  readLatestCheckpoint,
  hasCheckpoint,
  ensureWritableFolder,
  writeCheckpoint,
  claimCheckpointFolder,
  CHECKPOINT_FILES,
} from './fit/checkpoint-node.js';
export type { SaveCheckpointOptions, LoadedCheckpoint, FoundCheckpoint } from './fit/checkpoint-node.js';
export { acquireFolderLock, processAlive, LOCK_FILE } from './fit/folder-lock-node.js';
export type { FolderLock, LockOwner, LockOptions } from './fit/folder-lock-node.js';
