import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A small client for the one CloudWatch operation the review needs, GetMetricData, because
 * `@aws-sdk/client-cloudwatch` is not among this project's packages. Shaped like an SDK v3 client
 * (`client.send(new GetMetricDataCommand(input))`) so it can be swapped for it. CloudWatch's
 * AWS JSON 1.0 protocol (API reference, "Making API requests": `X-Amz-Target:
 * GraniteServiceVersion20100801.GetMetricData`, `Content-Type: application/x-amz-json-1.0`),
 * SigV4 with signing name `monitoring`; timestamps are epoch seconds, as in every awsJson protocol.
 */

export interface MetricDataQuery {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}
export interface GetMetricDataInput {
  MetricDataQueries: MetricDataQuery[];
  StartTime: Date;
  EndTime: Date;
  NextToken?: string;
  ScanBy?: 'TimestampAscending' | 'TimestampDescending';
}
export interface MetricDataResult {
  Id: string;
  /** Epoch seconds on the wire, Dates here. */
  Timestamps: Date[];
  Values: number[];
  StatusCode?: string;
}
export interface GetMetricDataOutput {
  MetricDataResults: MetricDataResult[];
  NextToken?: string;
}

export class GetMetricDataCommand {
  declare readonly output: GetMetricDataOutput;
  constructor(readonly input: GetMetricDataInput) {}
}

/** An error CloudWatch answered, named by its `__type` (`LimitExceeded`, `InvalidParameterValue`...). */
export class CloudWatchServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
  ) {
    super(message);
  }
}

export interface CloudWatchClientConfig {
  region?: string;
  endpoint?: string;
  requestTimeoutMs?: number;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Sends signed GetMetricData requests. One attempt: the state machine retries. */
export class CloudWatchClient {
  private readonly region: string;
  private readonly endpoint: string;
  private readonly signer: SignatureV4;
  private readonly requestTimeoutMs: number;

  constructor(config: CloudWatchClientConfig = {}) {
    this.region = config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    this.endpoint =
      config.endpoint ??
      process.env.AWS_ENDPOINT_URL_CLOUDWATCH ??
      process.env.AWS_ENDPOINT_URL ??
      `https://monitoring.${this.region}.amazonaws.com`;
    this.requestTimeoutMs = config.requestTimeoutMs ?? 10_000;
    this.signer = new SignatureV4({
      service: 'monitoring',
      region: this.region,
      credentials: config.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
  }

  async send(command: GetMetricDataCommand): Promise<GetMetricDataOutput> {
    const url = new URL('/', this.endpoint);
    const { StartTime, EndTime, ...rest } = command.input;
    const body = JSON.stringify({
      ...rest,
      StartTime: Math.floor(StartTime.getTime() / 1000),
      EndTime: Math.floor(EndTime.getTime() / 1000),
    });
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData',
      },
      body,
    });
    const signal = AbortSignal.timeout(this.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      const code = signal.aborted ? 'TimeoutError' : 'unknown';
      throw Object.assign(new Error(`CloudWatch did not answer (${code})`, { cause: error }), {
        name: 'NetworkingError',
      });
    }
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (!response.ok) {
      const type = String(parsed.__type ?? 'UnknownError');
      const name = type.slice(type.lastIndexOf('#') + 1);
      throw new CloudWatchServiceError(
        name,
        String(parsed.message ?? parsed.Message ?? response.statusText),
        {
          httpStatusCode: response.status,
        },
      );
    }
    const results = (parsed.MetricDataResults ?? []) as Array<
      Omit<MetricDataResult, 'Timestamps'> & { Timestamps?: number[] }
    >;
    return {
      MetricDataResults: results.map((r) => ({
        ...r,
        Values: r.Values ?? [],
        Timestamps: (r.Timestamps ?? []).map((t) => new Date(t * 1000)),
      })),
      NextToken: typeof parsed.NextToken === 'string' ? parsed.NextToken : undefined,
    };
  }
}
