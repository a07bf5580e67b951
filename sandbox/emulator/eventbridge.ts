import { z } from 'zod';
import type { EmulatorContext } from './context';
import { type JsonObject, type JsonRpcService, validate } from './protocol';

/** An event as EventBridge delivers it to targets. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** Where an accepted event went, passed to the hook beside the event. */
export interface EventDelivery {
  eventBusName: string;
}

/** Receives each accepted event; the sandbox routes it to rules and targets. */
export type EventHook = (event: EventBridgeEvent, delivery: EventDelivery) => void | Promise<void>;

const entry = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  EventBusName: z.string().optional(),
  Time: z.number().optional(),
  TraceHeader: z.string().optional(),
});
const putEvents = z.object({ Entries: z.array(entry).min(1).max(10), EndpointId: z.string().optional() });

/**
 * EventBridge (awsJson1_1, `AWSEvents`): PutEvents. Invalid entries fail one by one with the
 * error codes of PutEventsResultEntry
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html).
 * Accepted events go to `deliver`, which runs after the answer is built, as delivery is
 * asynchronous in AWS.
 */
export function eventBridge(
  ctx: EmulatorContext,
  events: Array<EventBridgeEvent & { eventBusName: string }>,
  deliver: (event: EventBridgeEvent, delivery: EventDelivery) => void,
): JsonRpcService {
  return {
    name: 'events',
    version: '1.1',
    targetPrefix: 'AWSEvents',
    operations: {
      PutEvents: (input) => {
        const body = validate(putEvents, input, 'ValidationException');
        const accepted: Array<[EventBridgeEvent, EventDelivery]> = [];
        const entries: JsonObject[] = body.Entries.map((e) => {
          const problem = check(e);
          if (problem) return problem;
          const time = e.Time === undefined ? ctx.clock.now() : e.Time * 1000;
          const event: EventBridgeEvent = {
            version: '0',
            id: ctx.rng.uuid(),
            'detail-type': e.DetailType ?? '',
            source: e.Source ?? '',
            account: ctx.accountId,
            // EventBridge writes times to the second: 2024-05-01T12:00:00Z.
            time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            region: ctx.region,
            resources: e.Resources ?? [],
            detail: JSON.parse(e.Detail ?? '{}'),
          };
          const eventBusName = e.EventBusName ?? 'default';
          events.push({ ...event, eventBusName });
          accepted.push([event, { eventBusName }]);
          return { EventId: event.id };
        });
        for (const [event, delivery] of accepted) deliver(event, delivery);
        return { FailedEntryCount: entries.filter((e) => e.ErrorCode).length, Entries: entries };
      },
    },
  };
}

function check(e: z.infer<typeof entry>): JsonObject | undefined {
  for (const [field, value] of [
    ['Source', e.Source],
    ['DetailType', e.DetailType],
    ['Detail', e.Detail],
  ] as const) {
    if (!value) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      };
    }
  }
  try {
    const detail: unknown = JSON.parse(e.Detail ?? '');
    if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) return undefined;
  } catch {
    // Falls through to the same answer as valid JSON that is not an object.
  }
  return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
}
