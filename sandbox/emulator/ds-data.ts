import { z } from 'zod';
import type { EmulatorContext } from './context';
import { type DirectoryUser, domainOf } from './directory';
import {
  ApiError,
  type JsonObject,
  jsonResponse,
  page,
  parseJsonObject,
  type ServiceRequest,
  type ServiceResponse,
  validate,
} from './protocol';

// Wire details from the API reference:
// https://docs.aws.amazon.com/directoryservicedata/latest/DirectoryServiceDataAPIReference/API_CreateUser.html
const TOKEN_WINDOW_MS = 8 * 3600 * 1000;
const sam = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[\w\-.]+$/);
const token = z.string().min(1).max(128).optional();
const attributes = {
  EmailAddress: z.string().min(1).max(256).optional(),
  GivenName: z.string().min(1).max(64).optional(),
  Surname: z.string().min(1).max(64).optional(),
};
const createUser = z.object({ SAMAccountName: sam, ClientToken: token, ...attributes });
const userRef = z.object({ SAMAccountName: sam, ClientToken: token });
const describeUser = z.object({ SAMAccountName: sam });
const listUsers = z.object({
  MaxResults: z.number().int().min(1).max(250).optional(),
  NextToken: z.string().min(1).max(6144).optional(),
  Realm: z.string().optional(),
});
const updateUser = z.object({
  SAMAccountName: sam,
  ClientToken: token,
  UpdateType: z.enum(['ADD', 'REPLACE', 'REMOVE']).optional(),
  ...attributes,
});

interface TokenRecord {
  fingerprint: string;
  at: number;
  output: JsonObject;
}

/** Directory Service Data (REST-JSON, signing name `ds-data`): the user operations. */
export class DirectoryServiceData {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly ctx: EmulatorContext) {}

  /** Answers a request; an ApiError it throws is rendered by the server as REST-JSON. */
  handle(request: ServiceRequest): ServiceResponse {
    const operation = /^\/Users\/(\w+)$/.exec(request.path)?.[1] ?? '';
    if (
      request.method !== 'POST' ||
      !['CreateUser', 'DescribeUser', 'DisableUser', 'DeleteUser', 'UpdateUser', 'ListUsers'].includes(
        operation,
      )
    ) {
      throw new ApiError(
        'UnknownOperationException',
        `No operation at ${request.method} ${request.path}`,
        404,
      );
    }
    this.ctx.metrics.count('ds-data', operation);
    const directoryId = request.query.get('DirectoryId') ?? '';
    if (!/^d-[0-9a-f]{10}$/.test(directoryId)) {
      throw new ApiError('ValidationException', 'DirectoryId must match d-[0-9a-f]{10}.');
    }
    const input = parseJsonObject(request.body, 'ValidationException');
    return jsonResponse(200, this.run(operation, directoryId, input));
  }

  private run(operation: string, directoryId: string, input: JsonObject): JsonObject {
    const directory = this.ctx.directories.directory(directoryId);
    if (!directory)
      throw new ApiError('ResourceNotFoundException', `Directory ${directoryId} not found.`, 404);
    if (directory.mode !== 'managed-ad') {
      // Directory Service Data works on AWS Managed Microsoft AD only.
      throw new ApiError('ValidationException', 'The directory type is not supported.', 400, {
        Reason: 'INVALID_DIRECTORY_TYPE',
      });
    }
    switch (operation) {
      case 'CreateUser': {
        const body = validate(createUser, input, 'ValidationException');
        return this.idempotent(operation, directoryId, body, () => {
          if (this.ctx.directories.find(directoryId, body.SAMAccountName)) {
            throw new ApiError('ConflictException', `User ${body.SAMAccountName} already exists.`, 409);
          }
          const { EmailAddress, GivenName, Surname } = body;
          const user = this.ctx.directories.add(
            directoryId,
            body.SAMAccountName,
            { emailAddress: EmailAddress, givenName: GivenName, surname: Surname },
            this.ctx.clock.now(),
          );
          return { DirectoryId: directoryId, SAMAccountName: user.samAccountName, SID: user.sid };
        });
      }
      case 'ListUsers': {
        // Paged with NextToken, at most MaxResults (1-250) a page; each user as a UserSummary
        // (Enabled, SAMAccountName, SID, GivenName, Surname). API reference, ListUsers.
        const body = validate(listUsers, input, 'ValidationException');
        const users = this.ctx.directories.all().filter((u) => u.directoryId === directoryId);
        const { items, next } = page(users, body.MaxResults ?? 250, body.NextToken, () => {
          return new ApiError('ValidationException', 'The NextToken is not valid.');
        });
        return {
          DirectoryId: directoryId,
          Realm: domainOf(directory).toUpperCase(),
          Users: items.map((u) => ({
            SAMAccountName: u.samAccountName,
            SID: u.sid,
            Enabled: u.enabled,
            GivenName: u.givenName,
            Surname: u.surname,
          })),
          NextToken: next,
        };
      }
      case 'DescribeUser': {
        const body = validate(describeUser, input, 'ValidationException');
        return describe(this.existing(directoryId, body.SAMAccountName), domainOf(directory));
      }
      case 'DisableUser': {
        const body = validate(userRef, input, 'ValidationException');
        return this.idempotent(operation, directoryId, body, () => {
          this.existing(directoryId, body.SAMAccountName).enabled = false;
          this.ctx.metrics.note('ds-data', operation, body.SAMAccountName, this.ctx.clock.now());
          return {};
        });
      }
      case 'DeleteUser': {
        const body = validate(userRef, input, 'ValidationException');
        return this.idempotent(operation, directoryId, body, () => {
          this.existing(directoryId, body.SAMAccountName);
          this.ctx.directories.remove(directoryId, body.SAMAccountName);
          return {};
        });
      }
      default: {
        const body = validate(updateUser, input, 'ValidationException');
        return this.idempotent(operation, directoryId, body, () => {
          const user = this.existing(directoryId, body.SAMAccountName);
          const remove = body.UpdateType === 'REMOVE';
          if (body.EmailAddress !== undefined) user.emailAddress = remove ? undefined : body.EmailAddress;
          if (body.GivenName !== undefined) user.givenName = remove ? undefined : body.GivenName;
          if (body.Surname !== undefined) user.surname = remove ? undefined : body.Surname;
          return {};
        });
      }
    }
  }

  private existing(directoryId: string, samAccountName: string): DirectoryUser {
    const user = this.ctx.directories.find(directoryId, samAccountName);
    if (!user) throw new ApiError('ResourceNotFoundException', `User ${samAccountName} not found.`, 404);
    return user;
  }

  /**
   * ClientToken semantics from the API reference: the same token with the same parameters within
   * 8 hours returns the first answer; with other parameters it is a ConflictException.
   */
  private idempotent<T extends { ClientToken?: string }>(
    operation: string,
    directoryId: string,
    body: T,
    run: () => JsonObject,
  ): JsonObject {
    const { ClientToken, ...rest } = body;
    if (ClientToken === undefined) return run();
    const now = this.ctx.clock.now();
    const tokenKey = `${operation}|${directoryId}|${ClientToken}`;
    const fingerprint = JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
    const seen = this.tokens.get(tokenKey);
    if (seen && now - seen.at < TOKEN_WINDOW_MS) {
      if (seen.fingerprint !== fingerprint) {
        throw new ApiError('ConflictException', 'The client token was used with different parameters.', 409);
      }
      seen.at = now;
      return seen.output;
    }
    const output = run();
    this.tokens.set(tokenKey, { fingerprint, at: now, output });
    return output;
  }
}

function describe(user: DirectoryUser, domainName: string): JsonObject {
  return {
    DirectoryId: user.directoryId,
    Realm: domainName.toUpperCase(),
    SAMAccountName: user.samAccountName,
    SID: user.sid,
    DistinguishedName: user.distinguishedName,
    UserPrincipalName: user.userPrincipalName,
    Enabled: user.enabled,
    EmailAddress: user.emailAddress,
    GivenName: user.givenName,
    Surname: user.surname,
  };
}
