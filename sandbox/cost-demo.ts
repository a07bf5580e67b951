import { join } from 'node:path';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SeededEstate } from './estate';
import { sandboxDir, shownPath } from './run-files';
import type { Sandbox } from './sandbox';
import type { Scenario } from './scenario';
import { stateMachineArnOf } from './state-machines';

/** What one review of the cost demo did, as its execution's output says. */
export interface CostReviewOutcome {
  at: string;
  reviewId: string;
  summary: string[];
  toMonthly: number;
  toHourly: number;
  warned: number;
  removals: number;
}

/** The cost demo's totals over its reviews. */
export interface CostDemoResult {
  reviews: CostReviewOutcome[];
  toMonthly: number;
  toHourly: number;
  warned: number;
  removalsStarted: number;
  removalsCancelled: number;
  ok: boolean;
}

interface ReviewOutput {
  reviewId: string;
  reportHtml: string;
  cost: { summary: string[] };
  billingChanges: Array<{ runningMode: string }>;
  unusedWarnings: Array<{ email: string | null; managerEmail: string | null }>;
  unusedRemovals: unknown[];
}

/**
 * A month of a fleet in a few seconds: a review at the start (it adopts the estate), then the clock
 * jumps to each review's time, a person who `reconnect`s starts using their WorkSpace from theirs,
 * and each review reads the month's usage, changes billing modes, warns the people of unused
 * WorkSpaces and, on the removal day, starts their removal through the leaver.
 */
export async function demoCost(
  sandbox: Sandbox,
  plan: NonNullable<Scenario['cost']>,
  estate: SeededEstate,
): Promise<CostDemoResult> {
  // The usage model takes changes ahead of time: each person connects from their time on.
  for (const r of plan.reconnect) {
    const i = estate.roster.findIndex((p) => p.userName === r.userName);
    const id = estate.workspaceIds[i];
    if (i < 0 || !id) throw new Error(`cost.reconnect: ${r.userName} has no WorkSpace in the estate`);
    sandbox.emulator.setUsage(id, r.usage, Date.parse(r.at));
    console.log(`  from ${r.at.slice(0, 16)}: ${r.userName} uses their WorkSpace (${r.usage})`);
  }
  const reviews: CostReviewOutcome[] = [];
  let n = 0;
  console.log('\nA month of the estate, reviewed at the times the scenario gives (UTC):');
  for (const at of plan.reviews) {
    // The clock jumps: a month's end without a month's wait.
    const ahead = Date.parse(at) - Date.now();
    if (ahead > 0) sandbox.clock.jump(ahead);
    n++;
    const outcome = await review(sandbox, `cost-review-${n}`);
    reviews.push(outcome);
    console.log(
      `  ${outcome.at.slice(0, 16)}  review ${n}: ${outcome.toMonthly} to monthly, ${outcome.toHourly} to hourly, ${outcome.warned} warned, ${outcome.removals} removals started`,
    );
  }
  await sandbox.idle(Math.max(120_000, (30 * 86400 * 1000) / sandbox.clock.scale));
  const cancelled = sandbox.emulator.state.events.filter(
    (e) => e['detail-type'] === 'Removal Cancelled' && JSON.stringify(e.detail).includes('"unused:'),
  ).length;
  const last = reviews.at(-1);
  if (last) {
    console.log('\nThe last review, cost part:');
    for (const line of last.summary) console.log(`  ${line}`);
    console.log(
      `  report: ${shownPath(join(sandboxDir(), 's3', sandbox.reviewBucket, 'reports', last.reviewId, 'report.html'))} (cost.csv beside it)`,
    );
  }
  const sum = (f: (r: CostReviewOutcome) => number) => reviews.reduce((a, r) => a + f(r), 0);
  const result = {
    reviews,
    toMonthly: sum((r) => r.toMonthly),
    toHourly: sum((r) => r.toHourly),
    warned: sum((r) => r.warned),
    removalsStarted: sum((r) => r.removals),
    removalsCancelled: cancelled,
  };
  const wrong = Object.entries(plan.expect).filter(
    ([key, want]) => result[key as keyof typeof plan.expect] !== want,
  );
  for (const [key, want] of wrong)
    console.log(`  expected ${key} ${want}, got ${result[key as keyof typeof plan.expect]}   <- unexpected`);
  return { ...result, ok: wrong.length === 0 };
}

async function review(sandbox: Sandbox, name: string): Promise<CostReviewOutcome> {
  const at = new Date().toISOString();
  const { executionArn } = await sandbox.sfn.send(
    new StartExecutionCommand({ stateMachineArn: stateMachineArnOf('review'), name, input: '{}' }),
  );
  await sandbox.idle(Math.max(120_000, (30 * 86400 * 1000) / sandbox.clock.scale));
  const out = await sandbox.sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (out.status !== 'SUCCEEDED')
    throw new Error(`review ${name} ended ${out.status}: ${out.error} ${out.cause}`);
  const o = JSON.parse(out.output ?? '{}') as ReviewOutput;
  return {
    at,
    reviewId: o.reviewId,
    summary: o.cost.summary,
    toMonthly: o.billingChanges.filter((c) => c.runningMode === 'ALWAYS_ON').length,
    toHourly: o.billingChanges.filter((c) => c.runningMode === 'AUTO_STOP').length,
    warned: o.unusedWarnings.filter((w) => w.email || w.managerEmail).length,
    removals: o.unusedRemovals.length,
  };
}
