/**
 * A Vite plugin that keeps Node-only code out of the browser bundle (Node, build time).
 *
 * @module
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'vite';

const STUB = '\0aevb-node-only:';
const BUILTINS = new Set(builtinModules);

/** Whether a resolved file is a Node entry point by aevb's naming rule (`*-node.ts`, `@aevb/core/node`). @category Web */
export function isNodeOnlyFile(id: string): boolean {
  return /[\\/][a-z0-9-]*-node\.(?:ts|js)$/.test(id) || /[\\/]core[\\/](?:src|dist)[\\/]node\.(?:ts|js)$/.test(id);
}

/**
 * Node entry points (`*-node.ts`, `@aevb/core/node`) become stubs that throw when loaded: a
 * lazy `import()` of one (e.g. checkpoint files, reached only when asked for) fails at run time
 * with a clear message, while a static import of a named export fails the build. A Node
 * built-in (`node:fs`, `path`, ...) imported from any other module fails the build, naming the
 * importer: nothing Node-only may sit on the browser path. (Third-party modules are not checked:
 * TF.js's Emscripten glue mentions `fs` behind environment tests, and Vite stubs those.)
 *
 * @category Web
 */
export function nodeOnlyGuard(): Plugin {
  return {
    name: 'aevb-node-only-guard',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source.startsWith(STUB)) return source;
      if (source === '@aevb/core/node') return `${STUB}@aevb/core/node`;
      const bare = source.startsWith('node:') ? source.slice(5) : source;
      const ours = importer !== undefined && !importer.includes('node_modules');
      if (ours && (source.startsWith('node:') || BUILTINS.has(bare))) {
        this.error(`${importer} imports the Node built-in '${source}': it is on the browser path (move it behind a Node entry point)`);
      }
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (r !== null && isNodeOnlyFile(r.id)) return `${STUB}${r.id}`;
      return null;
    },
    load(id) {
      if (!id.startsWith(STUB)) return null;
      const what = id.slice(STUB.length);
      return `throw new Error(${JSON.stringify(`aevb: '${what}' is Node-only (file system access) and is not available in a browser`)});\n`;
    },
  };
}
