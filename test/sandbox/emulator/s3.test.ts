import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapAwsError } from '../../../functions/commons/aws-errors';
import { ThrottledError, TransientError } from '../../../functions/commons/errors';
import { GetObjectCommand, PutObjectCommand, S3Client } from '../../../functions/commons/s3';
import { type Emulator, startEmulator } from '../../../sandbox/emulator';
import { ManualClock, rejection } from './helpers';

describe('S3 emulator, through the project S3 client', () => {
  let emulator: Emulator;
  let client: S3Client;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 's3-'));
    emulator = await startEmulator({
      clock: new ManualClock(),
      buckets: { reviews: folder, plain: undefined },
    });
    client = new S3Client({
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  test('PutObject then GetObject: the body and its type back, and a file in the bucket folder', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: 'reviews',
        Key: 'reports/r 1/report.html',
        Body: '<p>é</p>',
        ContentType: 'text/html',
      }),
    );

    await expect(
      client.send(new GetObjectCommand({ Bucket: 'reviews', Key: 'reports/r 1/report.html' })),
    ).resolves.toEqual({
      Body: '<p>é</p>',
      ContentType: 'text/html',
    });
    expect(readFileSync(join(folder, 'reports', 'r 1', 'report.html'), 'utf8')).toBe('<p>é</p>');
    expect(emulator.state.apiCalls).toMatchObject({ 's3.PutObject': 1, 's3.GetObject': 1 });
  });

  test('A missing key is NoSuchKey (404), an unknown bucket NoSuchBucket', async () => {
    const missing = await rejection(client.send(new GetObjectCommand({ Bucket: 'plain', Key: 'nothing' })));
    expect(missing).toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });

    const bucket = await rejection(client.send(new GetObjectCommand({ Bucket: 'nope', Key: 'x' })));
    expect(bucket).toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
  });
});

describe('S3 client', () => {
  test('Signs for s3 with the payload hash, path-style at an endpoint; SlowDown is throttling, a 5xx transient', async () => {
    const received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });

    const error = await rejection(
      client.send(new PutObjectCommand({ Bucket: 'b', Key: 'roster/r.csv', Body: 'a,b\n' })),
    );
    server.close();

    expect(received[0]).toMatchObject({ method: 'PUT', url: '/b/roster/r.csv', body: 'a,b\n' });
    expect(received[0].headers['x-amz-content-sha256']).toBe(
      createHash('sha256').update('a,b\n').digest('hex'),
    );
    expect(received[0].headers.authorization).toMatch(/Credential=AKID\/\d{8}\/eu-west-1\/s3\/aws4_request/);
    expect(error).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(mapAwsError(error, 'PutObject')).toBeInstanceOf(ThrottledError);
    expect(
      mapAwsError(
        Object.assign(new Error('x'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }),
        'GetObject',
      ),
    ).toBeInstanceOf(TransientError);
  });
});
