import { z } from 'zod';

/**
 * A valid Active Directory sAMAccountName as Directory Service Data accepts it:
 * 1-20 characters, letters, digits, '.', '_' and '-', not starting or ending with '.'.
 */
export const samAccountNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_-](?:[A-Za-z0-9._-]{0,18}[A-Za-z0-9_-])?$/,
    'must be 1-20 letters, digits, ".", "_" or "-", not starting or ending with "."',
  );

/** A WorkSpace id as WorkSpaces hands it out. */
export const workspaceIdSchema = z.string().regex(/^ws-[0-9a-z]{8,63}$/, 'must be a WorkSpace id (ws-...)');

const name = z.string().trim().min(1).max(64);
/** A date (`YYYY-MM-DD`, midnight UTC) or an ISO 8601 date-time. */
export const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
});

/** Unique per HR event; names the execution, so a duplicate event starts nothing new. */
export const eventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -');

/** HR's own id for the person; tagged on their WorkSpace and matched by the leaver flow. */
export const employeeIdSchema = z.string().min(1).max(64);

/**
 * When HR recorded the change: the ordering key for one employee's events, so an old event
 * replayed from the archive or delivered late cannot undo a newer one. Absent: when it arrives.
 */
const occurredAt = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' })
  .optional();

/**
 * Version 1 of the "Employee Joined" HR event detail, and of the object an admin pastes into
 * the Step Functions console to start a joiner by hand.
 */
export const employeeJoinedV1Schema = z.strictObject({
  eventId: eventIdSchema,
  employeeId: employeeIdSchema,
  userName: samAccountNameSchema,
  givenName: name,
  familyName: name,
  email: z.email(),
  department: z.string().trim().min(1).max(128),
  /** A profile name from the configuration; overrides the department's profile. */
  profile: z.string().min(1).optional(),
  /** First working day. Provisioning waits until the configured lead time before it. */
  startDate: isoDate.optional(),
  /** Receives the initial password, where the directory uses one. */
  managerEmail: z.email().optional(),
  occurredAt,
});
export type EmployeeJoinedV1 = z.output<typeof employeeJoinedV1Schema>;

/** Version 1 of the "Employee Left" HR event detail, and the leaver flow's console input. */
export const employeeLeftV1Schema = z.strictObject({
  eventId: eventIdSchema,
  employeeId: employeeIdSchema,
  userName: samAccountNameSchema,
  /** Access is cut at the end of this day (UTC for a bare date). */
  lastWorkingDay: isoDate,
  /** Termination for cause: cut access at once, whatever the last working day. */
  immediate: z.boolean().default(false),
  occurredAt,
});
export type EmployeeLeftV1 = z.output<typeof employeeLeftV1Schema>;

/**
 * Version 1 of the "Employee Rehired" HR event detail: a leaver who stays or comes back
 * within the grace period gets the same WorkSpace back.
 */
export const employeeRehiredV1Schema = z.strictObject({
  eventId: eventIdSchema,
  employeeId: employeeIdSchema,
  userName: samAccountNameSchema,
  /** Receives a new password, where the directory uses one (re-enabling sets a password). */
  managerEmail: z.email().optional(),
  occurredAt,
  /**
   * What a joiner needs, for a rehire after the WorkSpace was removed: with these, the rehire
   * starts a fresh joiner; without them, it tells the operators to send an "Employee Joined".
   */
  givenName: name.optional(),
  familyName: name.optional(),
  email: z.email().optional(),
  department: z.string().trim().min(1).max(128).optional(),
  profile: z.string().min(1).optional(),
});
export type EmployeeRehiredV1 = z.output<typeof employeeRehiredV1Schema>;

/**
 * Version 1 of the "WorkSpace Unused" event detail: the fleet review's cost part asks the leaver
 * flow to remove one WorkSpace nobody uses, through the leaver's removal path (grace period,
 * protection tag, re-check, dry run), while the person stays: their directory user is neither
 * disabled nor deleted, and a connection after the warning cancels the removal.
 */
export const workspaceUnusedV1Schema = z.strictObject({
  eventId: eventIdSchema,
  employeeId: employeeIdSchema,
  userName: samAccountNameSchema,
  workspaceId: workspaceIdSchema,
  /** Why it is unused, for people: `never connected, made 45 days ago`. */
  reason: z.string().min(1).max(256),
  /** When the person was warned: any connection after it cancels the removal. */
  warnedAt: z.iso.datetime({ offset: true }),
  occurredAt,
});
export type WorkspaceUnusedV1 = z.output<typeof workspaceUnusedV1Schema>;

/** The attributes an "Employee Changed" event may carry; at least one must be there. */
export const changedAttributes = [
  'department',
  'profile',
  'givenName',
  'familyName',
  'email',
  'managerEmail',
  'contractEndDate',
] as const;

/**
 * Version 1 of the "Employee Changed" HR event detail (the mover): who, from when, and only the
 * attributes that changed. `contractEndDate: null` clears a contract end date.
 */
export const employeeChangedV1Schema = z
  .strictObject({
    eventId: eventIdSchema,
    employeeId: employeeIdSchema,
    userName: samAccountNameSchema,
    /** When the change takes effect (midnight UTC for a bare date); at once when absent or past. */
    effectiveDate: isoDate.optional(),
    occurredAt,
    department: z.string().trim().min(1).max(128).optional(),
    /** A profile name from the configuration; overrides the department's profile. */
    profile: z.string().min(1).optional(),
    givenName: name.optional(),
    familyName: name.optional(),
    email: z.email().optional(),
    managerEmail: z.email().optional(),
    /** The last day of the contract: the leaver is scheduled for it; `null` cancels it. */
    contractEndDate: isoDate.nullable().optional(),
  })
  .refine((e) => changedAttributes.some((key) => e[key] !== undefined), {
    message: `must carry at least one changed attribute (${changedAttributes.join(', ')})`,
  });
export type EmployeeChangedV1 = z.output<typeof employeeChangedV1Schema>;

/** The bus HR events travel on (created by the automation stack). */
export const HrBusName = 'workspaces-lifecycle-hr';

/** `source` of the HR events producers put on the bus. */
export const HrSource = 'workspaces-lifecycle.hr';

/** Each HR event type: its `detail-type`, the schema of its detail, the flow it starts. */
export const hrEventTypes = {
  'Employee Joined': { schema: employeeJoinedV1Schema, stateMachine: 'joiner' },
  'Employee Left': { schema: employeeLeftV1Schema, stateMachine: 'leaver' },
  'Employee Rehired': { schema: employeeRehiredV1Schema, stateMachine: 'rehire' },
  'WorkSpace Unused': { schema: workspaceUnusedV1Schema, stateMachine: 'leaver' },
  'Employee Changed': { schema: employeeChangedV1Schema, stateMachine: 'mover' },
} as const;
export type HrDetailType = keyof typeof hrEventTypes;

/** Source of every event this project puts on, or reads from, the HR bus. */
export const LifecycleSource = 'workspaces-lifecycle';

/** The event pattern of the bus rule that routes one HR event type to the dispatcher. */
export function hrEventPattern(detailType: HrDetailType): { source: string[]; 'detail-type': string[] } {
  return { source: [HrSource], 'detail-type': [detailType] };
}

/** Parses an HR event's detail by its detail-type; `undefined` type when the type is unknown. */
export function hrDetailSchema(detailType: string) {
  return Object.hasOwn(hrEventTypes, detailType) ? hrEventTypes[detailType as HrDetailType] : undefined;
}

/**
 * The detail of an execution input: the flows accept the plain object typed in the console,
 * or the EventBridge event that carries it in `detail`.
 */
export function unwrapEvent(event: unknown): unknown {
  const isEnvelope =
    typeof event === 'object' && event !== null && 'detail-type' in event && 'detail' in event;
  return isEnvelope ? event.detail : event;
}
