import { z } from 'zod';

/** Detail types of the lifecycle events this project publishes on the bus. */
export const LifecycleDetailType = {
  WorkspaceReady: 'WorkSpace Ready',
  OnboardingFailed: 'Onboarding Failed',
  AccessRevoked: 'Access Revoked',
  WorkspaceRemoved: 'WorkSpace Removed',
  RemovalCancelled: 'Removal Cancelled',
  OffboardingFailed: 'Offboarding Failed',
  /** A leaver for someone with no WorkSpace: their user's access is cut, nothing waits for a grace period. */
  NothingToRemove: 'Nothing To Remove',
  RehireFailed: 'Rehire Failed',
  /** A mover's changes: what changed, what waits for AWS's limits and until when, what never will. */
  WorkspaceChanged: 'WorkSpace Changed',
  ChangeFailed: 'Change Failed',
} as const;
export type LifecycleDetailTypeValue = (typeof LifecycleDetailType)[keyof typeof LifecycleDetailType];

const text = z.string().optional().catch(undefined);
const texts = z.array(z.string()).optional().catch(undefined);

/**
 * The parts of an execution's state a lifecycle event reports. Read leniently: a failure can
 * happen before the input was even valid, and the event must still go out.
 */
const stateSchema = z
  .object({
    eventId: text,
    employeeId: text,
    userName: text,
    detail: z.object({ eventId: text, employeeId: text, userName: text }).loose().optional().catch(undefined),
    employee: z.object({ employeeId: text, userName: text }).loose().optional().catch(undefined),
    workspace: z
      .object({ workspaceId: text, adopted: z.boolean().optional().catch(undefined) })
      .loose()
      .optional()
      .catch(undefined),
    error: z.object({ Error: text, Cause: text }).loose().optional().catch(undefined),
    // Leaver and rehire flows: the WorkSpaces concerned, and why a removal was cancelled.
    plan: z
      .object({
        workspaceIds: texts,
        cancelReasons: texts,
        workspaceId: text,
        changes: texts,
        notApplied: texts,
        reason: text,
        deferred: z
          .array(z.object({ change: z.string(), until: z.string() }))
          .optional()
          .catch(undefined),
      })
      .loose()
      .optional()
      .catch(undefined),
    // Mover: the deferred calls, once made (the event before them lists them as deferred).
    appliedLater: z.array(z.unknown()).optional().catch(undefined),
    // Mover: the WorkSpace a migration gave the person.
    migrated: z.object({ workspaceId: text }).loose().optional().catch(undefined),
    decision: z.object({ toTerminate: texts, reasons: texts }).loose().optional().catch(undefined),
  })
  .loose();

/** Version 1 of the detail of every lifecycle event. */
export interface LifecycleEventV1 {
  version: '1';
  eventId?: string;
  employeeId?: string;
  userName?: string;
  workspaceId?: string;
  adopted?: boolean;
  /** Leaver and rehire flows: the employee's WorkSpaces the event is about. */
  workspaceIds?: string[];
  /** "Removal Cancelled": what changed; "WorkSpace Changed": why nothing was (superseded, removal pending). */
  reasons?: string[];
  /** "WorkSpace Changed": the changes made (or, in dry run, that would be). */
  changes?: string[];
  /** "WorkSpace Changed": changes waiting for AWS's limits, and from when they are made. */
  deferred?: { change: string; until: string }[];
  /** "WorkSpace Changed": changes that are never made, with the reason. */
  notApplied?: string[];
  executionArn?: string;
  error?: string;
  cause?: string;
}

const nonEmpty = (list: string[] | undefined) => (list && list.length > 0 ? list : undefined);

/** Builds a lifecycle event detail from whatever the execution's state holds. */
export function lifecycleDetail(state: unknown, executionArn?: string): LifecycleEventV1 {
  const parsed = stateSchema.safeParse(state);
  const s = parsed.success ? parsed.data : {};
  const detail: LifecycleEventV1 = {
    version: '1',
    eventId: s.eventId ?? s.detail?.eventId,
    employeeId: s.employee?.employeeId ?? s.employeeId ?? s.detail?.employeeId,
    userName: s.employee?.userName ?? s.userName ?? s.detail?.userName,
    workspaceId: s.migrated?.workspaceId ?? s.workspace?.workspaceId ?? s.plan?.workspaceId,
    adopted: s.workspace?.adopted,
    workspaceIds: s.decision?.toTerminate ?? s.plan?.workspaceIds,
    reasons:
      nonEmpty(s.decision?.reasons) ??
      nonEmpty(s.plan?.cancelReasons) ??
      (s.plan?.reason ? [s.plan.reason] : undefined),
    changes: nonEmpty(s.plan?.changes),
    deferred:
      s.plan?.deferred && s.plan.deferred.length > 0 && s.appliedLater === undefined
        ? s.plan.deferred
        : undefined,
    notApplied: nonEmpty(s.plan?.notApplied),
    executionArn,
    error: s.error?.Error,
    cause: s.error?.Cause,
  };
  return JSON.parse(JSON.stringify(detail)) as LifecycleEventV1;
}
