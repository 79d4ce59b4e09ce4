import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './static-server.js';

/** A raw GET (no URL normalization by the client), returning status and content type. */
function get(url: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStatic', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'aevb-static-'));
    mkdirSync(join(root, 'site', 'wasm'), { recursive: true });
    writeFileSync(join(root, 'site', 'index.html'), '<p>hi</p>');
    writeFileSync(join(root, 'site', 'wasm', 'x.wasm'), new Uint8Array([0, 97, 115, 109]));
    writeFileSync(join(root, 'secret.txt'), 'classified-bytes');
    server = await serveStatic(join(root, 'site'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html for folders and .wasm as application/wasm (needed for streaming compilation)', async () => {
    expect(await get(server.url, '/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>hi</p>' });
    expect((await get(server.url, '/wasm/x.wasm')).type).toBe('application/wasm');
    expect((await get(server.url, '/missing.js')).status).toBe(404);
  });

  it('never serves files outside its root', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/wasm/..%2f..%2fsecret.txt']) {
      const r = await get(server.url, p);
      expect(r.body, p).not.toContain('classified');
      expect([403, 404], p).toContain(r.status);
    }
  });
});
