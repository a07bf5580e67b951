import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * middy 7's exports map offers only an "import" condition, which `require` does not match, and
 * this project's TypeScript runs as CommonJS under tsx. Point `@middy/*` at its entry file so
 * Node 24 loads it with require(esm). The Lambda bundles need none of this: esbuild bundles
 * middy in; jest does the same with moduleNameMapper.
 */
export function resolveEsmOnlyPackages(): void {
  const root = join(__dirname, '..', 'node_modules');
  registerHooks({
    resolve(specifier, context, next) {
      const match = /^@middy\/([a-z-]+)$/.exec(specifier);
      if (!match) return next(specifier, context);
      return { url: pathToFileURL(join(root, '@middy', match[1], 'index.js')).href, shortCircuit: true };
    },
  });
}
