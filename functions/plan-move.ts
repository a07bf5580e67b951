import { z } from 'zod';
import { profileSchema } from './commons/config';
import { executionNameFor } from './commons/execution-name';
import { EmployeeTag, goneStates, LeaverTags, workspaceTagsSchema } from './commons/leaver';
import { logger } from './commons/logger';
import { type ModifyStep, MoverTags, moverWorkspaceSchema, planProfileChange } from './commons/mover';
import { taskHandler } from './commons/task';
import { Tags } from './commons/workspaces';

/** Looks for a WorkSpace a joiner is still building: every 10 minutes, 18 times (3 hours). */
export const maxLooks = 18;

const inputSchema = z.object({
  state: z.object({
    eventId: z.string().min(1),
    employee: z.object({ employeeId: z.string().min(1), userName: z.string().min(1) }),
    orderedAt: z.iso.datetime({ offset: true }),
    directory: z.object({ email: z.string().optional(), givenName: z.string().optional() }).optional(),
    target: z
      .object({ name: z.string(), profile: profileSchema, department: z.string().optional() })
      .optional(),
    contractEnd: z
      .object({
        set: z.string().optional(),
        clear: z.literal(true).optional(),
        refusal: z.string().optional(),
      })
      .optional(),
    allowMigration: z.boolean(),
    lookCount: z.object({ value: z.number().int().min(0) }),
    found: z.object({ workspaces: z.array(moverWorkspaceSchema) }),
    tags: z.array(workspaceTagsSchema),
    user: z.object({ email: z.string().optional(), givenName: z.string().optional() }).loose().optional(),
  }),
});
type PlanInput = z.output<typeof inputSchema>;

export type MoveStatus =
  /** Only the directory changed: no WorkSpace is needed. */
  | 'directoryOnly'
  /** Changes to make (or, in dry run, to report). */
  | 'apply'
  /** No WorkSpace of theirs yet, or still PENDING: a joiner is still onboarding them. */
  | 'waitForWorkspace'
  /** Looked for {@link maxLooks} times and found none. */
  | 'noWorkspace'
  /** A newer "Employee Changed" is in charge of the WorkSpace. */
  | 'superseded'
  /** A leaver cut their access: the WorkSpace is left as it is for the removal (or a rehire). */
  | 'removalPending';

export interface MovePlan {
  status: MoveStatus;
  workspaceId?: string;
  /** The calls AWS allows now, in order. */
  steps: ModifyStep[];
  /** The calls AWS allows later, each with its `notBefore`, in order. */
  deferredSteps: ModifyStep[];
  hasDeferred: boolean;
  migrate?: { bundleId: string; reason: string };
  refusal?: { Error: string; Cause: string };
  /** What will change, in words, and what waits for AWS's limits, until when. */
  changes: string[];
  deferred: { change: string; until: string }[];
  notApplied: string[];
  /** The WorkSpace reboots (or is migrated): the employee is told before and after. */
  reboots: boolean;
  /** Tags that mark this change in charge (and the contract end) before anything else. */
  markTags?: Record<string, string>;
  /** Tags that follow the new profile, set once it is applied. */
  profileTags?: Record<string, string>;
  contract?: { start?: { name: string; lastWorkingDay: string }; stop?: { name: string } };
  notify?: { email: string; givenName: string };
  reason?: string;
}

// WorkSpaces tag values allow letters, digits, spaces and _ . : / = + - @.
const tagValue = (value: string) => value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 255);

const empty = (status: MoveStatus, reason?: string): MovePlan => ({
  status,
  steps: [],
  deferredSteps: [],
  hasDeferred: false,
  changes: [],
  deferred: [],
  notApplied: [],
  reboots: false,
  ...(reason ? { reason } : {}),
});

/** What the change comes to for this employee's WorkSpace, and in which order. Pure: no AWS call. */
export function planMove({ state }: PlanInput, now = Date.now()): MovePlan {
  const needsWorkspace = state.target !== undefined || state.contractEnd !== undefined;
  if (!needsWorkspace) return empty('directoryOnly');
  const tagsOf = new Map(state.tags.map((t) => [t.workspaceId, t]));
  const ours = state.found.workspaces.filter(
    (w) =>
      !goneStates.has(w.state) &&
      tagsOf.get(w.workspaceId)?.found !== false &&
      tagsOf.get(w.workspaceId)?.tags[EmployeeTag] === state.employee.employeeId,
  );
  const ws = ours[0];
  if (!ws || ws.state === 'PENDING') {
    return state.lookCount.value < maxLooks
      ? empty('waitForWorkspace', ws ? `${ws.workspaceId} is still PENDING` : 'no WorkSpace of theirs yet')
      : {
          ...empty('noWorkspace'),
          refusal: {
            Error: 'NoWorkspaceToChange',
            Cause: `No WorkSpace tagged ${EmployeeTag}=${state.employee.employeeId} became available in ${maxLooks * 10} minutes: send the change again once their joiner has finished.`,
          },
        };
  }
  const tags = tagsOf.get(ws.workspaceId)?.tags ?? {};
  if (tags[LeaverTags.RemovalEventId]) {
    return {
      ...empty(
        'removalPending',
        `leaver ${tags[LeaverTags.RemovalEventId]} removes ${ws.workspaceId}: nothing is changed on it; send "Employee Rehired" to keep them`,
      ),
      workspaceId: ws.workspaceId,
    };
  }
  const newest = tags[MoverTags.ChangedAt];
  const newestBy = tags[MoverTags.ChangeEventId];
  if (newestBy && newestBy !== state.eventId && Date.parse(newest ?? '') >= Date.parse(state.orderedAt)) {
    return {
      ...empty('superseded', `change ${newestBy} of ${newest} is newer`),
      workspaceId: ws.workspaceId,
    };
  }
  const plan: MovePlan = {
    ...empty('apply'),
    workspaceId: ws.workspaceId,
    markTags: { [MoverTags.ChangedAt]: state.orderedAt, [MoverTags.ChangeEventId]: state.eventId },
  };
  if (state.target) {
    const { name, profile, department } = state.target;
    const change = planProfileChange(ws, tags, profile, {
      now,
      allowMigration: state.allowMigration,
    });
    plan.steps = change.steps.filter((s) => !s.notBefore);
    plan.deferredSteps = change.steps.filter((s) => s.notBefore);
    plan.hasDeferred = plan.deferredSteps.length > 0;
    plan.notApplied.push(...change.notApplied);
    if (change.migrate) plan.migrate = change.migrate;
    if (change.refusal) plan.refusal = change.refusal;
    plan.changes.push(...change.steps.map((s) => s.description));
    if (change.migrate)
      plan.changes.push(
        `migrate ${ws.workspaceId} to bundle ${change.migrate.bundleId}: ${change.migrate.reason}`,
      );
    plan.deferred = change.steps.flatMap((s) =>
      s.notBefore ? [{ change: s.description, until: s.notBefore }] : [],
    );
    plan.reboots = change.migrate !== undefined || change.steps.some((s) => s.reboots);
    const profileTags = Object.fromEntries(
      Object.entries(profile.tags).filter(([key]) => key !== Tags.EmployeeId && key !== Tags.ManagedBy),
    );
    plan.profileTags = {
      ...profileTags,
      [Tags.Profile]: name,
      ...(department ? { [MoverTags.Department]: tagValue(department) } : {}),
    };
    if (tags[Tags.Profile] !== name)
      plan.changes.push(`profile ${tags[Tags.Profile] ?? 'unknown'} -> ${name}`);
  }
  const contract = state.contractEnd;
  const previous = tags[MoverTags.ContractLeaver];
  const scheduled = previous && previous !== 'none' ? previous : undefined;
  if (contract?.refusal) plan.notApplied.push(contract.refusal);
  else if (contract?.set && tags[MoverTags.ContractEnd] !== contract.set) {
    const name = executionNameFor(`contract-end-${state.eventId}`);
    plan.contract = {
      start: { name, lastWorkingDay: contract.set },
      ...(scheduled ? { stop: { name: scheduled } } : {}),
    };
    Object.assign(plan.markTags ?? {}, {
      [MoverTags.ContractEnd]: contract.set,
      [MoverTags.ContractLeaver]: name,
    });
    plan.changes.push(`${scheduled ? 'removal moved' : 'removal scheduled'}: contract ends ${contract.set}`);
  } else if (contract?.clear && scheduled) {
    plan.contract = { stop: { name: scheduled } };
    Object.assign(plan.markTags ?? {}, {
      [MoverTags.ContractEnd]: 'none',
      [MoverTags.ContractLeaver]: 'none',
    });
    plan.changes.push(`scheduled removal for ${tags[MoverTags.ContractEnd]} cancelled: no contract end date`);
  }
  const email = state.directory?.email ?? state.user?.email;
  if (plan.reboots && email && !plan.refusal) {
    plan.notify = {
      email,
      givenName: state.directory?.givenName ?? state.user?.givenName ?? state.employee.userName,
    };
  }
  return plan;
}

export const handler = taskHandler(inputSchema, async (input) => {
  const plan = planMove(input);
  logger.info('Change planned', {
    eventId: input.state.eventId,
    status: plan.status,
    workspaceId: plan.workspaceId,
    changes: plan.changes,
    deferred: plan.deferred,
    refusal: plan.refusal?.Error,
  });
  return plan;
});
