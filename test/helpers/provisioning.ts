import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as DynamoDB from '@aws-sdk/client-dynamodb';
import * as StepFunctions from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { queueKeyName } from '../../functions/commons/provisioning';
import { TaskTokens } from '../../sandbox/task-tokens';
import { fakeRegister, type Register } from './lifecycle-register';

/** The client modules the fakes answer for: the test's own, or those of an isolated module registry. */
export interface ProvisioningModules {
  dynamodb: typeof DynamoDB;
  sfn: typeof StepFunctions;
}

/**
 * What the provisioner needs around it in a workflow test: one DynamoDB mock holding both the
 * queue table and the lifecycle register in memory, and SendTaskSuccess / SendTaskFailure handed
 * to the task tokens the local runner waits on, as the sandbox's Step Functions emulator hands
 * them over. Joiner and leaver workflow tests run provisioner rounds with {@link roundsUntil}.
 */
export function mockProvisioning(modules: ProvisioningModules = { dynamodb: DynamoDB, sfn: StepFunctions }) {
  const { DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand } = modules.dynamodb;
  const { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient } = modules.sfn;
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
    fakeRegister(dynamo, register, modules.dynamodb);
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
   * each round is one look at a watched WorkSpace (or one stop, look, termination...), as the
   * schedule would run them.
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
