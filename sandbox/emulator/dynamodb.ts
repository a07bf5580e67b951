import { z } from 'zod';
import type { EmulatorContext } from './context';
import { ApiError, type JsonObject, type JsonRpcService, validate } from './protocol';

/** An item as DynamoDB's wire format has it: attribute name -> AttributeValue (`{ S: 'x' }`, `{ N: '1' }`, ...). */
export type DynamoDbItem = Record<string, Record<string, unknown>>;

const V = 'ValidationException';
const MAX_ITEM_BYTES = 400 * 1024;
const MAX_PAGE_BYTES = 1024 * 1024;

const attributeValue = z.record(z.string(), z.unknown());
const attributeMap = z.record(z.string(), attributeValue);
const names = z.record(z.string(), z.string()).optional();
const values = attributeMap.optional();
const tableName = z.string().min(1).max(1024);
const returnValues = z.string().optional();

const putItem = z.object({
  TableName: tableName,
  Item: attributeMap,
  ConditionExpression: z.string().optional(),
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: values,
  ReturnValues: returnValues,
  ReturnValuesOnConditionCheckFailure: returnValues,
});
const getItem = z.object({
  TableName: tableName,
  Key: attributeMap,
  ConsistentRead: z.boolean().optional(),
  ExpressionAttributeNames: names,
});
const deleteItem = z.object({
  TableName: tableName,
  Key: attributeMap,
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: values,
  ReturnValues: returnValues,
});
const updateItem = z.object({
  TableName: tableName,
  Key: attributeMap,
  UpdateExpression: z.string(),
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: values,
  ReturnValues: returnValues,
});
const scan = z.object({
  TableName: tableName,
  Limit: z.number().int().min(1).optional(),
  ExclusiveStartKey: attributeMap.optional(),
  ConsistentRead: z.boolean().optional(),
  ExpressionAttributeNames: names,
  ExpressionAttributeValues: values,
});

interface Table {
  keyName: string;
  /** By partition key value. */
  items: Map<string, DynamoDbItem>;
}

/**
 * Amazon DynamoDB (awsJson1_0, `dynamodb`): PutItem, GetItem, DeleteItem and Scan on the tables
 * the sandbox is started with, each keyed by one string partition key (no sort key), addressed by
 * name or ARN. Items are kept as given; only the key attribute is interpreted. PutItem's
 * ConditionExpression is limited to `attribute_not_exists(name)`; other expressions are refused
 * with a ValidationException rather than silently ignored.
 * UpdateItem is limited to `ADD #name :set` on string sets (the lifecycle register's one use), with
 * ReturnValues NONE or ALL_NEW; ADD creates the item and the set when absent and leaves a value
 * already in the set as it is (DynamoDB API reference, UpdateItem, "ADD").
 * Scan walks the items in key order (UTF-8 bytes), so a page's LastEvaluatedKey stays valid
 * when items are deleted between pages.
 */
export class DynamoDb {
  private readonly tables = new Map<string, Table>();

  constructor(
    private readonly ctx: EmulatorContext,
    tables: Record<string, string>,
  ) {
    for (const [name, keyName] of Object.entries(tables))
      this.tables.set(name, { keyName, items: new Map() });
  }

  /** Copies of every table's items, in Scan order. */
  snapshot(): Record<string, DynamoDbItem[]> {
    return Object.fromEntries(
      [...this.tables].map(([name, table]) => [name, sortedKeys(table).map((k) => copy(table.items.get(k)))]),
    );
  }

  service(): JsonRpcService {
    return {
      name: 'dynamodb',
      version: '1.0',
      targetPrefix: 'DynamoDB_20120810',
      operations: {
        PutItem: (input) => this.put(input),
        GetItem: (input) => {
          unsupported(input, ['ProjectionExpression', 'AttributesToGet']);
          const body = validate(getItem, input, V);
          expressionNames(body.ExpressionAttributeNames, undefined);
          const table = this.table(body.TableName);
          const item = table.items.get(keyValue(table, body.Key));
          return item ? { Item: copy(item) } : {};
        },
        DeleteItem: (input) => {
          unsupported(input, ['ConditionExpression', 'Expected', 'ConditionalOperator']);
          const body = validate(deleteItem, input, V);
          expressionNames(body.ExpressionAttributeNames, undefined);
          expressionValues(body.ExpressionAttributeValues);
          const returnOld = wantsOld(body.ReturnValues);
          const table = this.table(body.TableName);
          const key = keyValue(table, body.Key);
          const old = table.items.get(key);
          table.items.delete(key);
          return returnOld && old ? { Attributes: old } : {};
        },
        UpdateItem: (input) => this.update(input),
        Scan: (input) => this.scan(input),
      },
    };
  }

  private put(input: JsonObject): JsonObject {
    unsupported(input, ['Expected', 'ConditionalOperator']);
    const body = validate(putItem, input, V);
    const mustBeAbsent = condition(body.ConditionExpression, body.ExpressionAttributeNames);
    expressionValues(body.ExpressionAttributeValues, body.ConditionExpression !== undefined);
    const returnOld = wantsOld(body.ReturnValues);
    const oldOnFailure = wantsOld(
      body.ReturnValuesOnConditionCheckFailure,
      'ReturnValuesOnConditionCheckFailure',
    );
    const table = this.table(body.TableName);
    const item = body.Item;
    const key = item[table.keyName];
    if (key === undefined) invalid(`Missing the key ${table.keyName} in the item`);
    const type = Object.keys(key)[0] ?? '';
    if (type !== 'S' || typeof key.S !== 'string') {
      invalid(`Type mismatch for key ${table.keyName} expected: S actual: ${type}`);
    }
    const value = key.S as string;
    if (value === '') emptyKey(table.keyName);
    if (itemSize(item) > MAX_ITEM_BYTES)
      throw new ApiError(V, 'Item size has exceeded the maximum allowed size');
    const old = table.items.get(value);
    if (mustBeAbsent !== undefined && old !== undefined && Object.hasOwn(old, mustBeAbsent)) {
      throw new ApiError(
        'ConditionalCheckFailedException',
        'The conditional request failed',
        400,
        oldOnFailure ? { Item: old } : {},
      );
    }
    table.items.set(value, copy(item));
    return returnOld && old ? { Attributes: old } : {};
  }

  private update(input: JsonObject): JsonObject {
    unsupported(input, ['ConditionExpression', 'AttributeUpdates', 'Expected', 'ConditionalOperator']);
    const body = validate(updateItem, input, V);
    const match = /^\s*ADD\s+(#[A-Za-z0-9_]+)\s+(:[A-Za-z0-9_]+)\s*$/.exec(body.UpdateExpression);
    if (!match) {
      throw new ApiError(
        V,
        `UpdateExpression '${body.UpdateExpression}' is not supported by the sandbox: only ADD #name :set is`,
      );
    }
    const [, alias, placeholder] = match;
    expressionNames(body.ExpressionAttributeNames, [alias]);
    const name = body.ExpressionAttributeNames?.[alias];
    if (name === undefined)
      invalid(
        `An expression attribute name used in the document path is not defined; attribute name: ${alias}`,
      );
    const added = body.ExpressionAttributeValues?.[placeholder]?.SS;
    const unused = Object.keys(body.ExpressionAttributeValues ?? {}).filter((k) => k !== placeholder);
    if (unused.length > 0)
      invalid(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unused.join(', ')}}`,
      );
    if (!Array.isArray(added) || added.length === 0 || !added.every((v) => typeof v === 'string')) {
      invalid(`ADD ${alias} needs a non-empty string set (SS) in ${placeholder}`);
    }
    if (body.ReturnValues !== undefined && !['NONE', 'ALL_NEW'].includes(body.ReturnValues)) {
      throw new ApiError(V, 'ReturnValues can only be ALL_NEW or NONE in the sandbox');
    }
    const table = this.table(body.TableName);
    const key = keyValue(table, body.Key);
    const item = copy(table.items.get(key) ?? body.Key);
    if (name === table.keyName) invalid(`Cannot update attribute ${name}. This attribute is part of the key`);
    const existing = item[name];
    if (existing !== undefined && !Array.isArray(existing.SS)) {
      invalid('An operand in the update expression has an incorrect data type');
    }
    const set = new Set<string>([...((existing?.SS as string[] | undefined) ?? []), ...(added as string[])]);
    item[name] = { SS: [...set] };
    if (itemSize(item) > MAX_ITEM_BYTES)
      throw new ApiError(V, 'Item size to update has exceeded the maximum allowed size');
    table.items.set(key, item);
    return body.ReturnValues === 'ALL_NEW' ? { Attributes: copy(item) } : {};
  }

  private scan(input: JsonObject): JsonObject {
    unsupported(input, [
      'FilterExpression',
      'ProjectionExpression',
      'ScanFilter',
      'AttributesToGet',
      'ConditionalOperator',
      'Select',
      'IndexName',
      'Segment',
      'TotalSegments',
    ]);
    const body = validate(scan, input, V);
    expressionNames(body.ExpressionAttributeNames, undefined);
    expressionValues(body.ExpressionAttributeValues);
    const table = this.table(body.TableName);
    let start: string | undefined;
    if (body.ExclusiveStartKey !== undefined) {
      try {
        start = keyValue(table, body.ExclusiveStartKey);
      } catch (error) {
        if (error instanceof ApiError)
          throw new ApiError(V, `The provided starting key is invalid: ${error.message}`);
        throw error;
      }
    }
    const keys = sortedKeys(table);
    let index = start === undefined ? 0 : keys.findIndex((k) => compareUtf8(k, start) > 0);
    if (index < 0) index = keys.length;
    const limit = body.Limit ?? Number.POSITIVE_INFINITY;
    const items: DynamoDbItem[] = [];
    let bytes = 0;
    while (index < keys.length && items.length < limit && bytes < MAX_PAGE_BYTES) {
      const item = table.items.get(keys[index]) as DynamoDbItem;
      items.push(copy(item));
      bytes += itemSize(item);
      index += 1;
    }
    const more = index < keys.length && items.length > 0;
    return {
      Items: items,
      Count: items.length,
      ScannedCount: items.length,
      ...(more ? { LastEvaluatedKey: { [table.keyName]: { S: keys[index - 1] } } } : {}),
    };
  }

  private table(nameOrArn: string): Table {
    const prefix = `arn:aws:dynamodb:${this.ctx.region}:${this.ctx.accountId}:table/`;
    const name = nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : nameOrArn;
    const table = this.tables.get(name);
    if (!table) throw new ApiError('ResourceNotFoundException', 'Requested resource not found');
    return table;
  }
}

function invalid(detail: string): never {
  throw new ApiError(V, `One or more parameter values were invalid: ${detail}`);
}

function emptyKey(keyName: string): never {
  throw new ApiError(
    V,
    `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${keyName}`,
  );
}

/** The partition key value of a Key, which must be exactly `{ <keyName>: { S } }`. */
function keyValue(table: Table, key: DynamoDbItem): string {
  const names = Object.keys(key);
  const value = key[table.keyName];
  if (
    names.length !== 1 ||
    value === undefined ||
    Object.keys(value).length !== 1 ||
    typeof value.S !== 'string'
  ) {
    throw new ApiError(V, 'The provided key element does not match the schema');
  }
  if (value.S === '') emptyKey(table.keyName);
  return value.S;
}

function unsupported(input: JsonObject, parameters: string[]): void {
  for (const parameter of parameters) {
    if (input[parameter] !== undefined) throw new ApiError(V, `${parameter} is not supported by the sandbox`);
  }
}

function wantsOld(value: string | undefined, parameter = 'ReturnValues'): boolean {
  if (value === undefined || value === 'NONE') return false;
  if (value === 'ALL_OLD') return true;
  throw new ApiError(V, `${parameter} can only be ALL_OLD or NONE`);
}

/**
 * The attribute a ConditionExpression requires to be absent. Only `attribute_not_exists(name)`
 * (or `#alias`) is emulated.
 */
function condition(
  expression: string | undefined,
  names: Record<string, string> | undefined,
): string | undefined {
  if (expression === undefined) {
    expressionNames(names, undefined);
    return undefined;
  }
  const match = /^\s*attribute_not_exists\s*\(\s*(#?[A-Za-z0-9_]+)\s*\)\s*$/.exec(expression);
  if (!match) {
    throw new ApiError(
      V,
      `ConditionExpression '${expression}' is not supported by the sandbox: only attribute_not_exists(<name>) is`,
    );
  }
  const operand = match[1];
  if (!operand.startsWith('#')) {
    expressionNames(names, []);
    return operand;
  }
  expressionNames(names, [operand]);
  const name = names?.[operand];
  if (name === undefined) {
    throw new ApiError(
      V,
      `Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: ${operand}`,
    );
  }
  return name;
}

/**
 * Refuses ExpressionAttributeNames that no expression uses, as DynamoDB does; `used` is
 * undefined when the request has no expression at all.
 */
function expressionNames(names: Record<string, string> | undefined, used: string[] | undefined): void {
  if (names === undefined) return;
  if (used === undefined) {
    throw new ApiError(V, 'ExpressionAttributeNames can only be specified when using expressions');
  }
  const unused = Object.keys(names).filter((n) => !used.includes(n));
  if (unused.length > 0) {
    throw new ApiError(
      V,
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unused.join(', ')}}`,
    );
  }
}

/** No emulated expression takes values, so any ExpressionAttributeValues are refused as DynamoDB would. */
function expressionValues(values: DynamoDbItem | undefined, withExpression = false): void {
  if (values === undefined) return;
  if (!withExpression)
    throw new ApiError(V, 'ExpressionAttributeValues can only be specified when using expressions');
  throw new ApiError(
    V,
    `Value provided in ExpressionAttributeValues unused in expressions: keys: {${Object.keys(values).join(', ')}}`,
  );
}

function sortedKeys(table: Table): string[] {
  return [...table.items.keys()].sort(compareUtf8);
}

/** DynamoDB orders string keys by their UTF-8 bytes. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function copy(item: DynamoDbItem | undefined): DynamoDbItem {
  return structuredClone(item ?? {});
}

/**
 * An item's size as DynamoDB counts it, near enough: names and string values in UTF-8 bytes,
 * binaries decoded, numbers about one byte per two digits, containers 3 bytes plus 1 per element
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 */
function itemSize(item: DynamoDbItem): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const [type, data] = Object.entries(value)[0] ?? ['', undefined];
  const list = Array.isArray(data) ? (data as unknown[]) : [];
  const sum = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(data));
    case 'N':
      return numberSize(data);
    case 'B':
      return Buffer.from(String(data), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return sum(list.map((s) => Buffer.byteLength(String(s))));
    case 'NS':
      return sum(list.map(numberSize));
    case 'BS':
      return sum(list.map((b) => Buffer.from(String(b), 'base64').length));
    case 'L':
      return 3 + sum(list.map((v) => valueSize(v) + 1));
    case 'M':
      return (
        3 +
        sum(
          Object.entries(typeof data === 'object' && data !== null ? data : {}).map(
            ([k, v]) => Buffer.byteLength(k) + valueSize(v) + 1,
          ),
        )
      );
    default:
      return Buffer.byteLength(JSON.stringify(data ?? null));
  }
}

function numberSize(n: unknown): number {
  const digits = String(n)
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '').length;
  return Math.ceil(digits / 2) + 1;
}
