import { allFunctions, type FunctionName, fileNameOf } from '../../../functions';
import { Env, type EnvName } from '../../../functions/commons/env';

const ours = new Set<string>(Object.values(Env));

/**
 * The variables of {@link Env} a function's module reads when it loads: its cold start. Each
 * function reads its configuration there, once, so this is everything it reads.
 */
function readAtColdStart(name: FunctionName): string[] {
  const read = new Set<string>();
  const original = process.env;
  process.env = new Proxy(original, {
    get(target, key, receiver) {
      if (typeof key === 'string' && ours.has(key)) read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  try {
    jest.isolateModules(() => {
      require(`../../../functions/${fileNameOf(name)}`);
    });
  } finally {
    process.env = original;
  }
  return [...read].sort();
}

describe('the function registry', () => {
  test.each(Object.keys(allFunctions) as FunctionName[])(
    '%s reads exactly the configuration its entry declares',
    (name) => {
      const declared = [...allFunctions[name].reads].sort();
      expect(readAtColdStart(name)).toEqual(declared);
    },
  );

  test('a variable read and not declared would be caught', () => {
    // ValidateJoiner reads DIRECTORY_MODE; an entry without it differs from what is read.
    const declared = allFunctions.ValidateJoiner.reads.filter((v: EnvName) => v !== Env.DirectoryMode);
    expect(readAtColdStart('ValidateJoiner')).not.toEqual([...declared].sort());
  });

  test('every entry names a file that exports a handler', () => {
    for (const name of Object.keys(allFunctions)) {
      const mod = require(`../../../functions/${fileNameOf(name)}`) as { handler?: unknown };
      expect({ name, handler: typeof mod.handler }).toEqual({ name, handler: 'function' });
    }
  });
});
