import type { EmulatorContext } from './context';
import {
  ApiError,
  queryError,
  queryResponse,
  type ServiceRequest,
  type ServiceResponse,
  xmlEscape,
} from './protocol';

/** A message accepted by SNS Publish. */
export interface PublishedMessage {
  messageId: string;
  topicArn?: string;
  targetArn?: string;
  phoneNumber?: string;
  subject?: string;
  message: string;
  /** String values of the message attributes, by name. */
  attributes: Record<string, string>;
  publishedAt: number;
}

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** Amazon SNS (AWS query protocol, XML answers): Publish. */
export class Sns {
  readonly published: PublishedMessage[] = [];

  constructor(private readonly ctx: EmulatorContext) {}

  handle(request: ServiceRequest): ServiceResponse {
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? request.query.get('Action') ?? '';
    try {
      if (action !== 'Publish')
        throw new ApiError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
      this.ctx.metrics.count('sns', action);
      const messageId = this.publish(params);
      return queryResponse('Publish', NAMESPACE, `<MessageId>${xmlEscape(messageId)}</MessageId>`);
    } catch (error) {
      if (error instanceof ApiError) return queryError(error, NAMESPACE);
      throw error;
    }
  }

  private publish(params: URLSearchParams): string {
    const message = params.get('Message');
    if (!message) throw new ApiError('InvalidParameter', 'Invalid parameter: Empty message');
    const topicArn = params.get('TopicArn') ?? undefined;
    const targetArn = params.get('TargetArn') ?? undefined;
    const phoneNumber = params.get('PhoneNumber') ?? undefined;
    const arn = topicArn ?? targetArn;
    if (!arn && !phoneNumber) {
      throw new ApiError(
        'InvalidParameter',
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
      );
    }
    if (arn && !/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w.-]+/.test(arn)) {
      throw new ApiError('InvalidParameter', `Invalid parameter: TopicArn Reason: ${arn} is not a valid ARN`);
    }
    const attributes: Record<string, string> = {};
    for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
      const name = params.get(`MessageAttributes.entry.${i}.Name`) ?? '';
      attributes[name] =
        params.get(`MessageAttributes.entry.${i}.Value.StringValue`) ??
        params.get(`MessageAttributes.entry.${i}.Value.BinaryValue`) ??
        '';
    }
    const messageId = this.ctx.rng.uuid();
    this.published.push({
      messageId,
      topicArn,
      targetArn,
      phoneNumber,
      subject: params.get('Subject') ?? undefined,
      message,
      attributes,
      publishedAt: this.ctx.clock.now(),
    });
    return messageId;
  }
}
