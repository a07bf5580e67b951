import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { InvalidInputError, WorkspaceNotFoundError } from '../../../../functions/commons/errors';
import { logger } from '../../../../functions/commons/logger';
import { MetricName, metrics } from '../../../../functions/commons/metrics';
import { parseInput, taskHandler } from '../../../../functions/commons/task';
import { lambdaContext } from '../../../../sandbox/state-machines';

const schema = z.object({
  name: z.string().min(1),
  count: z.number().default(1),
  nested: z.object({ id: z.string() }),
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseInput', () => {
  it('ValidValue_ReturnsTheParsedOutput', () => {
    expect(parseInput(schema, { name: 'a', nested: { id: 'x' } })).toEqual({
      name: 'a',
      count: 1,
      nested: { id: 'x' },
    });
  });

  it('InvalidFields_NamesEachPathInOneInvalidInputError', () => {
    // Act
    const parse = () => parseInput(schema, { name: '', nested: {} }, 'check input');

    // Assess
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(/^Invalid check input: name: .+; nested\.id: .+$/);
  });

  it('InvalidRoot_NamesTheRoot', () => {
    expect(() => parseInput(schema, 'text')).toThrow(/^Invalid input: \(root\): /);
  });
});

describe('taskHandler', () => {
  it('ValidInput_PassesTheParsedInputAndReturnsTheResult', async () => {
    // Prepare
    const fn = jest.fn(async (input: z.output<typeof schema>) => ({ seen: input }));
    const handler = taskHandler(schema, fn);

    // Act
    const result = await handler({ name: 'a', nested: { id: 'x' }, extra: true }, lambdaContext('Test'));

    // Assess
    expect(fn).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ seen: { name: 'a', count: 1, nested: { id: 'x' } } });
  });

  it('InvalidInput_ThrowsInvalidInputErrorWithoutRunningTheStep', async () => {
    const fn = jest.fn(async () => 'ran');
    const handler = taskHandler(schema, fn);

    await expect(handler({ name: 'a' }, lambdaContext('Test'))).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('nested:'),
    });
    expect(fn).not.toHaveBeenCalled();
  });

  it('StepThrows_TheErrorPassesThroughWithItsName', async () => {
    const error = new WorkspaceNotFoundError('gone');
    const handler = taskHandler(z.unknown(), async () => {
      throw error;
    });

    await expect(handler({}, lambdaContext('Test'))).rejects.toBe(error);
  });

  it('AnyInvocation_GivesTheLoggerTheLambdaContext', async () => {
    const addContext = jest.spyOn(logger, 'addContext');
    const context = lambdaContext('WatchWorkspace');

    await taskHandler(z.unknown(), async () => null)({}, context);

    expect(addContext).toHaveBeenCalledWith(context);
  });

  it('MetricsRecorded_AreWrittenAfterTheStep', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = taskHandler(z.unknown(), async () => {
      metrics.addMetric(MetricName.Recoveries, MetricUnit.Count, 1);
      return 'done';
    });

    await handler({}, lambdaContext('RecoverWorkspace'));

    expect(publish).toHaveBeenCalledTimes(1);
    metrics.clearMetrics();
  });

  it('StepThrowsAfterRecordingAMetric_TheMetricIsStillWritten', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = taskHandler(z.unknown(), async () => {
      metrics.addMetric(MetricName.Recoveries, MetricUnit.Count, 1);
      throw new WorkspaceNotFoundError('gone');
    });

    await expect(handler({}, lambdaContext('RecoverWorkspace'))).rejects.toThrow('gone');

    expect(publish).toHaveBeenCalledTimes(1);
    metrics.clearMetrics();
  });

  it('NoMetricsRecorded_WritesNothing', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');

    await taskHandler(z.unknown(), async () => null)({}, lambdaContext('PlanLeaver'));

    expect(publish).not.toHaveBeenCalled();
  });
});
