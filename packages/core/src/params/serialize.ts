/**
 * Parameter snapshots: a JSON manifest plus one binary blob of float32 values, checked by
 * a format version and a checksum. Pure functions (no file system), shared by Node and browsers.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { PersistenceError, formatShape } from '../errors.js';
import type { Transform } from '../distribution.js';
import type { ParamStore } from './store.js';

/** Current format version of saved parameters. @category Parameters */
export const PARAMS_FORMAT_VERSION = 1;

/** One parameter in a {@link ParamsManifest}. @category Parameters */
export interface ParamRecord {
  /** Full parameter name. */
  readonly name: string;
  /** Shape of the (unconstrained) stored value. */
  readonly shape: readonly number[];
  /** Constraint or transform name the parameter was created with. */
  readonly constraint: string;
  /** Offset into the blob, in float32 elements. */
  readonly offset: number;
}

/** The JSON half of a parameter snapshot. @category Parameters */
export interface ParamsManifest {
  /** Always `'aevb-params'`. */
  readonly format: 'aevb-params';
  /** {@link PARAMS_FORMAT_VERSION} at the time of writing. */
  readonly version: number;
  /** Number of float32 values in the blob. */
  readonly length: number;
  /** FNV-1a checksum of the blob's bytes, hex. */
  readonly checksum: string;
  /** The parameters, in creation order. */
  readonly params: readonly ParamRecord[];
}

/** A manifest and its values. @category Parameters */
export interface ParamsSnapshot {
  /** What is stored. */
  readonly manifest: ParamsManifest;
  /** The unconstrained values, concatenated. */
  readonly values: Float32Array;
}

/**
 * FNV-1a (32-bit) over bytes, as 8 hex digits: a cheap corruption check (not security).
 *
 * @category Parameters
 */
export function checksumBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Reads every parameter of `store` (unconstrained values) into a snapshot.
 *
 * @category Parameters
 */
export async function snapshotParams(store: ParamStore): Promise<ParamsSnapshot> {
  const entries = store.allEntries();
  const total = entries.reduce((n, e) => n + e.variable.size, 0);
  const values = new Float32Array(total);
  const params: ParamRecord[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = (await e.variable.data()) as Float32Array;
    values.set(data, offset);
    params.push({ name: e.name, shape: [...e.variable.shape], constraint: e.constraintName, offset });
    offset += e.variable.size;
  }
  const manifest: ParamsManifest = {
    format: 'aevb-params',
    version: PARAMS_FORMAT_VERSION,
    length: total,
    checksum: checksumBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
    params,
  };
  return { manifest, values };
}

/**
 * Validates a manifest read from untrusted input.
 *
 * @param where - the file or source, for error messages
 * @category Parameters
 */
export function parseParamsManifest(json: unknown, where: string): ParamsManifest {
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  if (typeof json !== 'object' || json === null) return fail('is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o['format'] !== 'aevb-params') return fail(`is not an aevb parameter manifest (format ${String(o['format'])})`);
  if (o['version'] !== PARAMS_FORMAT_VERSION) {
    return fail(`has format version ${String(o['version'])}; this aevb reads version ${PARAMS_FORMAT_VERSION}`);
  }
  const length = o['length'];
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return fail('has an invalid length');
  if (typeof o['checksum'] !== 'string') return fail('has no checksum');
  if (!Array.isArray(o['params'])) return fail('has no params list');
  let expected = 0;
  const params: ParamRecord[] = [];
  for (const [i, p] of (o['params'] as unknown[]).entries()) {
    const r = p as Record<string, unknown>;
    const shape = r['shape'];
    if (typeof r['name'] !== 'string' || typeof r['constraint'] !== 'string' || typeof r['offset'] !== 'number') {
      return fail(`param #${i} is malformed`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
      return fail(`param '${r['name']}' has an invalid shape`);
    }
    if (r['offset'] !== expected) return fail(`param '${r['name']}' has offset ${String(r['offset'])}, expected ${expected}`);
    expected += (shape as number[]).reduce((a, b) => a * b, 1);
    params.push({ name: r['name'], shape: shape as number[], constraint: r['constraint'], offset: expected - (shape as number[]).reduce((a, b) => a * b, 1) });
  }
  if (expected !== length) return fail(`lists ${expected} values but declares length ${length}`);
  return { format: 'aevb-params', version: PARAMS_FORMAT_VERSION, length, checksum: o['checksum'] as string, params };
}

/** Options of {@link restoreParams}. @category Parameters */
export interface RestoreOptions {
  /** Transforms for parameters the store does not hold yet, by name (default: identity for 'real'). */
  readonly transforms?: Readonly<Record<string, Transform>>;
  /** Require the store to hold exactly the snapshot's parameters. Default false. */
  readonly strict?: boolean;
}

/**
 * Writes a snapshot into `store`: existing parameters must match in shape and constraint
 * (the error names the parameter and both shapes); missing ones are created. Nothing is
 * changed unless every check passes.
 *
 * @category Parameters
 */
export function restoreParams(store: ParamStore, snapshot: ParamsSnapshot, where: string, options: RestoreOptions = {}): void {
  const { manifest, values } = snapshot;
  if (values.length !== manifest.length) {
    throw new PersistenceError(`${where}: holds ${values.length} values, the manifest declares ${manifest.length} (truncated?)`);
  }
  const sum = checksumBytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  if (sum !== manifest.checksum) throw new PersistenceError(`${where}: checksum mismatch (${sum} != ${manifest.checksum}); the file is corrupt`);
  for (const p of manifest.params) {
    if (!store.has(p.name)) {
      if (p.constraint !== 'real' && options.transforms?.[p.name] === undefined) {
        throw new PersistenceError(`${where}: parameter '${p.name}' has constraint '${p.constraint}'; pass its transform to create it`);
      }
      continue;
    }
    const e = store.entry(p.name);
    if (!tf.util.arraysEqual(e.variable.shape, [...p.shape])) {
      throw new PersistenceError(
        `${where}: parameter '${p.name}' has shape ${formatShape(p.shape)} in the file but ${formatShape(e.variable.shape)} in the model`,
      );
    }
    if (e.constraintName !== p.constraint) {
      throw new PersistenceError(`${where}: parameter '${p.name}' has constraint '${p.constraint}' in the file but '${e.constraintName}' in the model`);
    }
  }
  if (options.strict === true) {
    const inFile = new Set(manifest.params.map((p) => p.name));
    const extra = store.names().filter((n) => !inFile.has(n));
    if (extra.length > 0) throw new PersistenceError(`${where}: the model has parameters not in the file: ${extra.join(', ')}`);
  }
  for (const p of manifest.params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(values.subarray(p.offset, p.offset + size), [...p.shape], 'float32');
    if (store.has(p.name)) {
      store.assignUnconstrained(p.name, t);
    } else {
      store.adopt(p.name, t, options.transforms?.[p.name], p.constraint);
    }
    t.dispose();
  }
}
