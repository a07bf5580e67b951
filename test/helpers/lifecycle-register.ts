import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** Register entries by employee, then by flow: `<orderedAt> <executionArn>`, as the table holds them. */
export type Register = Map<string, Record<string, string[]>>;

/**
 * Puts an in-memory lifecycle register behind `dynamo`'s UpdateItem, as the table answers
 * RegisterLifecycleEvent's `ADD #flow :me` with ReturnValues ALL_NEW. Tests seed it with
 * {@link registerEntry} to stand for joiners and rehires that ran before.
 */
export function fakeRegister(
  dynamo: AwsClientStub<DynamoDBClient>,
  register: Register,
  // A test that loads fresh module copies passes that copy's commands.
  commands: { GetItemCommand: typeof GetItemCommand; UpdateItemCommand: typeof UpdateItemCommand } = {
    GetItemCommand,
    UpdateItemCommand,
  },
): void {
  const itemOf = (employeeId: string) => {
    const item: Record<string, AttributeValue> = { employeeId: { S: employeeId } };
    for (const [name, values] of Object.entries(register.get(employeeId) ?? {})) item[name] = { SS: values };
    return item;
  };
  dynamo.on(commands.GetItemCommand).callsFake((input: { Key: Record<string, AttributeValue> }) => {
    const employeeId = input.Key.employeeId?.S ?? '';
    return register.has(employeeId) ? { Item: itemOf(employeeId) } : {};
  });
  dynamo
    .on(commands.UpdateItemCommand)
    .callsFake(
      (input: {
        Key: Record<string, AttributeValue>;
        ExpressionAttributeNames: Record<string, string>;
        ExpressionAttributeValues: Record<string, AttributeValue>;
      }) => {
        const employeeId = input.Key.employeeId?.S ?? '';
        const flow = input.ExpressionAttributeNames['#flow'];
        const added = input.ExpressionAttributeValues[':me']?.SS ?? [];
        const entry = register.get(employeeId) ?? {};
        entry[flow] = [...new Set([...(entry[flow] ?? []), ...added])];
        register.set(employeeId, entry);
        return { Attributes: itemOf(employeeId) };
      },
    );
}

/** Adds an execution to the register, as its RegisterJoiner / RegisterRehire / RegisterLeaver state would. */
export function registerEntry(
  register: Register,
  employeeId: string,
  flow: 'joiner' | 'rehire' | 'leaver',
  orderedAt: string,
  executionArn: string,
): void {
  const entry = register.get(employeeId) ?? {};
  entry[flow] = [...(entry[flow] ?? []), `${orderedAt} ${executionArn}`];
  register.set(employeeId, entry);
}
