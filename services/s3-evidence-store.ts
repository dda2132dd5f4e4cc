import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { EvidenceStoreSettings, Secrets } from '../config/config';
import { AppError } from '../domain/app-error';
import { postgresEvidenceStore, type EvidenceStore, type StoredFile } from './evidence-store';

export type S3Settings = Extract<EvidenceStoreSettings, { kind: 's3' }>;

/** An object of the store: its file id (parsed from the key) and when it was written. */
export interface StoredObject {
  key: string;
  fileId: string;
  lastModified: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const READY_PROBE_MS = 3_000;

export interface S3EvidenceStore extends EvidenceStore {
  readonly kind: 's3';
  /** Every object under the prefix whose key is one of ours (`<aims id>/<file id>`), in key order. */
  listObjects(): AsyncGenerator<StoredObject>;
  deleteObject(key: string): Promise<void>;
  keyOf(file: { aimsId: string; fileId: string }): string;
}

/**
 * A store that fails is an outage, not the request's fault: 503 with Retry-After from the API,
 * a retry for an activity (the evidence package), never a 500.
 */
const unavailable = (what: string, error: unknown) =>
  new AppError('unavailable', `the evidence store could not ${what}: ${error instanceof Error ? error.name : String(error)}`);

function missing(error: unknown): boolean {
  return error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}

/**
 * Evidence bytes in an S3-compatible bucket, one object per file at `<prefix><aims id>/<file id>`.
 * Keyed by file id, not by content: each object belongs to exactly one row, so deleting an
 * organisation's files or sweeping a leftover never has to ask who else points at the same bytes
 * (content addressing would save the space of a file uploaded twice, which evidence rarely is).
 * The AIMS in the key lets an operator see (and remove) one AIMS's objects by prefix.
 *
 * Order: the object is put only once the upload is complete and checked, with its SHA-256 for
 * the store to verify; the metadata transaction commits after. A file is never listed without
 * its bytes. If the transaction fails the object is deleted at once (best effort); an object left
 * by a process that died between the two is swept later (`evidence-orphan-sweep.ts`).
 * Files kept in PostgreSQL before the switch to S3 (`store = 'postgres'`) are still read there.
 */
export function createS3EvidenceStore(
  settings: S3Settings,
  secrets: Pick<Secrets, 's3Credentials'>,
  log: { warn(obj: object, msg: string): void },
): S3EvidenceStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: secrets.s3Credentials,
    // Checksums only where the API requires one: not every S3-compatible server takes the SDK's
    // default CRC32 trailers, and each put carries its SHA-256 explicitly anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const bucket = settings.bucket;
  const keyOf = (file: { aimsId: string; fileId: string }) => `${settings.prefix}${file.aimsId}/${file.fileId}`;
  const keyOfStored = (file: StoredFile) => keyOf({ aimsId: file.aims_id, fileId: file.id });

  const getObject = async (file: StoredFile) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOfStored(file) }));
    } catch (error) {
      if (missing(error)) return undefined;
      throw unavailable('read the file', error);
    }
  };
  const deleteObject = async (key: string) => {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  };

  return {
    kind: 's3',
    keyOf,
    deleteObject,
    async keep(db, file, write) {
      const key = keyOf(file);
      await client
        .send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: file.content,
            ContentLength: file.content.length,
            ContentType: file.mediaType,
            // The store refuses the put if the bytes it received do not have this digest.
            ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64'),
          }),
        )
        .catch((error: unknown) => {
          throw unavailable('store the file', error);
        });
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await write.row(trx);
          await write.trail(trx, row);
          return row;
        });
      } catch (error) {
        await deleteObject(key).catch((cleanup: unknown) =>
          log.warn({ err: cleanup, key }, 'an evidence object whose metadata failed to commit was not deleted; the orphan sweep will remove it'),
        );
        throw error;
      }
    },
    async remove(db, files) {
      // Files kept before the switch to S3 are still PostgreSQL's to remove.
      const inDatabase = files.filter((f) => f.store === 'postgres');
      let removed = inDatabase.length ? await postgresEvidenceStore.remove(db, inDatabase) : 0;
      for (const file of files.filter((f) => f.store !== 'postgres')) {
        // S3's DeleteObject succeeds for a key already gone, so a resumed erasure may ask again.
        await deleteObject(keyOfStored(file)).catch((error: unknown) => {
          throw unavailable('remove the file', error);
        });
        removed += 1;
      }
      return removed;
    },
    async read(db, file) {
      if (file.store === 'postgres') return postgresEvidenceStore.read(db, file);
      const object = await getObject(file);
      return object?.Body ? Buffer.from(await object.Body.transformToByteArray()) : undefined;
    },
    async open(db, file) {
      if (file.store === 'postgres') return postgresEvidenceStore.open(db, file);
      const object = await getObject(file);
      // In Node the SDK's body is the HTTP response itself: streamed, never held whole.
      return object?.Body ? (object.Body as Readable) : undefined;
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(READY_PROBE_MS) });
    },
    async *listObjects() {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: settings.prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          const [aimsId, fileId, ...rest] = (object.Key ?? '').slice(settings.prefix.length).split('/');
          // Anything else under the prefix is not ours to judge.
          if (rest.length > 0 || !aimsId || !fileId || !UUID.test(aimsId) || !UUID.test(fileId) || !object.LastModified) continue;
          yield { key: object.Key!, fileId, lastModified: object.LastModified };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    close: () => client.destroy(),
  };
}
