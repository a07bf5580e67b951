import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { queueKeyName } from '../../functions/commons/provisioning';
import { TaskTokens } from '../../sandbox/task-tokens';
import { fakeRegister, type Register } from './lifecycle-register';

/**
 * What the provisioner needs around it in a workflow test: the queue table, in memory behind
 * the DynamoDB mock, and SendTaskSuccess / SendTaskFailure handed to the task tokens the local
 * runner waits on, as the sandbox's Step Functions emulator hands them over.
 */
export function mockProvisioning() {
  const dynamo = mockClient(DynamoDBClient);
  const sfn = mockClient(SFNClient);
  const items = new Map<string, Record<string, AttributeValue>>();
  const register: Register = new Map();
  const tokens = new TaskTokens();
  const keyOf = (key: Record<string, AttributeValue> | undefined) => key?.[queueKeyName]?.S ?? '';

  function reset() {
    items.clear();
    register.clear();
    dynamo.reset();
    sfn.reset();
    fakeRegister(dynamo, register);
    dynamo.on(PutItemCommand).callsFake((input: { Item: Record<string, AttributeValue> }) => {
      items.set(keyOf(input.Item), input.Item);
      return {};
    });
    dynamo.on(ScanCommand).callsFake(() => ({ Items: [...items.values()] }));
    dynamo.on(DeleteItemCommand).callsFake((input: { Key: Record<string, AttributeValue> }) => {
      items.delete(keyOf(input.Key));
      return {};
    });
    sfn.on(SendTaskSuccessCommand).callsFake((input: { taskToken: string; output: string }) => {
      tokens.settle({ kind: 'success', taskToken: input.taskToken, output: input.output });
      return {};
    });
    sfn.on(SendTaskHeartbeatCommand).callsFake((input: { taskToken: string }) => {
      tokens.settle({ kind: 'heartbeat', taskToken: input.taskToken });
      return {};
    });
    sfn
      .on(SendTaskFailureCommand)
      .callsFake((input: { taskToken: string; error?: string; cause?: string }) => {
        tokens.settle({
          kind: 'failure',
          taskToken: input.taskToken,
          error: input.error,
          cause: input.cause,
        });
        return {};
      });
  }

  /**
   * Runs a provisioner round whenever the queue holds an entry, until `execution` settles:
   * each round is one look at a watched WorkSpace, as the schedule would run them.
   */
  async function roundsUntil<T>(execution: Promise<T>, round: () => Promise<unknown>): Promise<T> {
    let finished = false;
    const done = execution.finally(() => {
      finished = true;
    });
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      if (items.size > 0) await round();
    }
    return done;
  }

  return { dynamo, sfn, items, register, tokens, reset, roundsUntil };
}
