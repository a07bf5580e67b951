import type { EmulatorContext } from './context';
import { ApiError, queryResponse, type ServiceRequest, type ServiceResponse, xmlEscape } from './protocol';

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

/** The XML namespace of SNS answers. */
export const snsNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** Amazon SNS (AWS query protocol, XML answers): Publish. */
export class Sns {
  readonly published: PublishedMessage[] = [];

  constructor(private readonly ctx: EmulatorContext) {}

  /** Answers a request; an ApiError it throws is rendered by the server as a query error. */
  handle(request: ServiceRequest): ServiceResponse {
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? request.query.get('Action') ?? '';
    if (action !== 'Publish')
      throw new ApiError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
    this.ctx.metrics.count('sns', action);
    const messageId = this.publish(params);
    return queryResponse('Publish', snsNamespace, `<MessageId>${xmlEscape(messageId)}</MessageId>`);
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
