import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { ThrottledError } from '../../../functions/commons/errors';
import { handler } from '../../../functions/notify-fleet-review';
import { lambdaContext } from '../../../sandbox/state-machines';
import { serviceError } from '../support';

const sns = mockClient(SNSClient);
const review = {
  reviewId: 'r1',
  summary: 'untagged 3, orphaned 1, missing 0, stuck 1, drifted 0, unknown 0',
  fleetSize: 10,
  rosterRows: 9,
  rosterErrors: 1,
  refusal: null,
  dryRun: false,
  adoptions: [{}, {}, {}],
  events: [{ detailType: 'Employee Left' }],
  stuck: ['ws-a00000001 (ada): ERROR since 2026-11-29T00:00:00.000Z'],
  reportHtml: 's3://b/reports/r1/report.html',
  reportCsv: 's3://b/reports/r1/report.csv',
};
const run = (event: unknown = review) => handler(event, lambdaContext('NotifyFleetReview'));

beforeEach(() => sns.reset());

describe('handler', () => {
  it('Operators_GetCountsActionsStuckAndTheReport', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });

    await expect(run()).resolves.toEqual({ messageId: 'm1' });
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.Subject).toContain('fleet review (needs attention)');
    expect(input.Message).toContain('Done: 3 adopted, 1 leavers and 0 joiners started.');
    expect(input.Message).toContain('  ws-a00000001 (ada): ERROR since');
    expect(input.Message).toContain('Report: s3://b/reports/r1/report.html');
    expect(input.Message).toContain(
      'In the console: https://console.aws.amazon.com/s3/object/b?prefix=reports%2Fr1%2Freport.html',
    );
  });

  it('Throttled_ThrottledError', async () => {
    sns.on(PublishCommand).rejects(serviceError('ThrottlingException'));

    await expect(run()).rejects.toBeInstanceOf(ThrottledError);
  });
});
