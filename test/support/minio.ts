import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './ports';
import { ProcessGroup } from './topology/process-group';

/** The MinIO binary: MINIO_PATH (set by scripts/test.sh), else where scripts/provision-minio.sh caches it. */
export function minioBinary(): string {
  if (process.env.MINIO_PATH) return process.env.MINIO_PATH;
  const cache = process.env.AIMS_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'aims-cycles');
  const cached = path.join(cache, 'minio', 'bin', 'minio');
  if (existsSync(cached)) return cached;
  throw new Error('no MinIO: run the tests with `npm test`, or `bash scripts/provision-minio.sh` once, or set MINIO_PATH');
}

export interface Minio {
  endpoint: string;
  bucket: string;
  /** The engine's settings for this server (EVIDENCE_STORE=s3 and the rest). */
  env: Record<string, string>;
  /** A client of the test's own, to look at the bucket behind the engine's back. */
  client: S3Client;
  /** Every object key under the engine's prefix. */
  keys(): Promise<string[]>;
  object(key: string): Promise<Buffer>;
  put(key: string, content: Buffer): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real MinIO server for one test file: its own data folder, port and root credentials, one
 * bucket made; stopped (and its folder removed) by `stop`.
 */
export async function startMinio(): Promise<Minio> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aims-minio-'));
  const [port, consolePort] = [await freePort(), await freePort()];
  const accessKeyId = 'aims-test';
  const secretAccessKey = randomBytes(16).toString('hex');
  const endpoint = `http://127.0.0.1:${port}`;
  const server = new ProcessGroup('MinIO', minioBinary(), ['server', dir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`], {
    env: { ...process.env, MINIO_ROOT_USER: accessKeyId, MINIO_ROOT_PASSWORD: secretAccessKey, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' },
  });
  try {
    await server.waitFor('readiness', async () => (await fetch(`${endpoint}/minio/health/ready`)).ok, 90_000);
  } catch (error) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const bucket = 'aims-evidence';
  const prefix = 'evidence/';
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    client,
    env: {
      EVIDENCE_STORE: 's3',
      EVIDENCE_S3_ENDPOINT: endpoint,
      EVIDENCE_S3_BUCKET: bucket,
      EVIDENCE_S3_PREFIX: prefix,
      EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
      EVIDENCE_S3_ACCESS_KEY_ID: accessKeyId,
      EVIDENCE_S3_SECRET_ACCESS_KEY: secretAccessKey,
    },
    async keys() {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async object(key) {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    },
    async put(key, content) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
    },
    async stop() {
      client.destroy();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
