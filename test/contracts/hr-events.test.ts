import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { hrDetailSchema } from '../../functions/commons/contracts';
import { describeIssues } from '../../functions/commons/issues';
import { contractJsonSchemas, schemaFileOf } from '../../tools/contracts';

const root = join(__dirname, '..', '..');
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(root, ...path), 'utf8'));
const examples = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json'));

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const published = Object.fromEntries(
  readdirSync(join(root, 'contracts')).map((file) => [file, ajv.compile(readJson('contracts', file))]),
);

/** Validates an example both ways: with the zod schema the code uses and with the published JSON Schema. */
function check(example: { 'detail-type': string; detail: unknown }) {
  const contract = hrDetailSchema(example['detail-type']);
  if (!contract) return { zod: [`detail-type: unknown type "${example['detail-type']}"`], jsonSchema: false };
  const result = contract.schema.safeParse(example.detail);
  const validate = published[schemaFileOf(example['detail-type'])];
  return { zod: result.success ? [] : describeIssues(result.error), jsonSchema: validate(example.detail) };
}

describe('HR event contracts', () => {
  test('the JSON Schemas in contracts/ are exactly the ones generated from the code (npm run contracts)', () => {
    const generated = contractJsonSchemas();
    expect(readdirSync(join(root, 'contracts')).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, schema] of Object.entries(generated))
      expect(readJson('contracts', file)).toEqual(schema);
  });

  test.each(examples('examples/events'))('example %s is valid by both schemas', (file) => {
    expect(check(readJson('examples/events', file))).toEqual({ zod: [], jsonSchema: true });
  });

  const expectedReasons: Record<string, RegExp> = {
    'bad-user-name.json': /^userName: must be 1-20 letters/,
    'missing-email.json': /^email: /,
    'left-without-last-day.json': /^lastWorkingDay: /,
    'unexpected-field.json': /^\(root\): Unrecognized key: "salary"/,
    'changed-without-change.json': /^\(root\): must carry at least one changed attribute/,
  };
  test('every invalid example has an expected reason', () => {
    expect(examples('examples/events/invalid').sort()).toEqual(Object.keys(expectedReasons).sort());
  });
  test.each(Object.entries(expectedReasons))(
    'invalid example %s fails by both schemas, for the expected reason',
    (file, reason) => {
      const { zod, jsonSchema } = check(readJson('examples/events/invalid', file));
      expect(zod).toEqual([expect.stringMatching(reason)]);
      expect(jsonSchema).toBe(false);
    },
  );

  test.each([
    ['jane.json', 'Employee Joined'],
    ['leaver.json', 'Employee Left'],
    ['rehire.json', 'Employee Rehired'],
    ['mover.json', 'Employee Changed'],
  ])('the console example %s is a valid %s detail', (file, detailType) => {
    expect(check({ 'detail-type': detailType, detail: readJson('examples', file) })).toEqual({
      zod: [],
      jsonSchema: true,
    });
  });
});
