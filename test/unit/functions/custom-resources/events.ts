import type { CdkCustomResourceEvent, CdkCustomResourceIsCompleteEvent } from 'aws-lambda';

type Properties = Record<string, unknown>;

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  ResponseURL: 'https://example.invalid/response',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Foundation/1',
  RequestId: 'request-1',
  LogicalResourceId: 'Resource',
  ResourceType: 'Custom::Test',
};

/** A Provider framework `onEvent` event as CloudFormation sends it (every scalar a string). */
export function createEvent(properties: Properties): CdkCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Create',
    ResourceProperties: { ServiceToken: common.ServiceToken, ...properties },
  };
}

export function updateEvent(
  physicalId: string,
  properties: Properties,
  old: Properties,
): CdkCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...properties },
    OldResourceProperties: { ServiceToken: common.ServiceToken, ...old },
  };
}

export function deleteEvent(physicalId: string, properties: Properties): CdkCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Delete',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...properties },
  };
}

/** The `isComplete` event: the request plus what `onEvent` returned. */
export function isCompleteEvent(
  event: CdkCustomResourceEvent,
  physicalId: string,
): CdkCustomResourceIsCompleteEvent {
  return { ...event, PhysicalResourceId: physicalId } as CdkCustomResourceIsCompleteEvent;
}
