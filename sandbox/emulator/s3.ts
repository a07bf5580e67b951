import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmulatorContext } from './context';
import { ApiError, type ServiceRequest, type ServiceResponse } from './protocol';

/** One object as the emulator keeps it. */
export interface S3Object {
  body: string;
  contentType: string;
  lastModified: number;
}

/**
 * Amazon S3 (REST-XML, signing name `s3`), path-style: `GetObject` and `PutObject` only, which
 * is what the fleet review reads and writes. A missing key answers 404 `NoSuchKey`, an unknown
 * bucket 404 `NoSuchBucket` (S3 API reference, "Error responses"). When a bucket has a folder,
 * each object is also written there, so the sandbox's reports are files a person can open.
 */
export class S3 {
  readonly objects = new Map<string, Map<string, S3Object>>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly folders: Record<string, string | undefined>,
  ) {
    for (const bucket of Object.keys(folders)) this.objects.set(bucket, new Map());
  }

  handle(request: ServiceRequest): ServiceResponse {
    const [, bucket, ...rest] = request.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const objects = this.objects.get(bucket ?? '');
    if (!objects) throw new ApiError('NoSuchBucket', 'The specified bucket does not exist', 404);
    if (!key) throw new ApiError('InvalidRequest', 'This emulator serves objects only', 400);
    if (request.method === 'PUT') {
      this.ctx.metrics.count('s3', 'PutObject');
      this.put(
        bucket,
        key,
        request.body,
        String(request.headers['content-type'] ?? 'application/octet-stream'),
      );
      return { status: 200, headers: {}, body: '' };
    }
    if (request.method === 'GET') {
      this.ctx.metrics.count('s3', 'GetObject');
      const object = objects.get(key);
      if (!object) throw new ApiError('NoSuchKey', 'The specified key does not exist.', 404);
      return { status: 200, headers: { 'content-type': object.contentType }, body: object.body };
    }
    throw new ApiError('MethodNotAllowed', `${request.method} is not emulated`, 405);
  }

  /** Stores an object, as PutObject does; the sandbox seeds the roster with it. */
  put(bucket: string, key: string, body: string, contentType = 'text/plain'): void {
    const objects = this.objects.get(bucket);
    if (!objects) throw new Error(`no bucket ${bucket}`);
    objects.set(key, { body, contentType, lastModified: this.ctx.clock.now() });
    const folder = this.folders[bucket];
    if (folder) {
      const file = join(folder, ...key.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
    }
  }

  get(bucket: string, key: string): S3Object | undefined {
    return this.objects.get(bucket)?.get(key);
  }
}

/** S3's error document: `<Error><Code>...</Code><Message>...</Message></Error>`. */
export function s3Error(error: ApiError): ServiceResponse {
  const xml = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error>`,
  };
}
