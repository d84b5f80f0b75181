import { ValidationError } from '@dropship/core';

/**
 * Asserts that a factory refuses its options with a `ValidationError` that names the bad option:
 * an issue at `path` (`retry.retries`), or, for an unknown key (which zod reports on the object
 * holding it), an issue whose message quotes the key (`"retires"`). Throws an `Error` saying what
 * came instead otherwise (no test framework needed, like {@link expectNoSecrets}).
 *
 * @param create - calls the factory with the bad options.
 * @param path - the dotted path of the bad option, or the unknown key.
 * @returns the `ValidationError`, for further checks.
 * @example
 * ```ts
 * expectRefusedOption(() => createShopify({ shop: 'a', accessToken: token, retires: 3 } as never), 'retires');
 * ```
 */
export function expectRefusedOption(create: () => unknown, path: string): ValidationError {
  let caught: unknown;
  try {
    create();
  } catch (error) {
    caught = error;
  }
  if (!ValidationError.isInstance(caught)) {
    throw new Error(
      `expected a ValidationError naming \`${path}\`, got ${caught === undefined ? 'no error' : String(caught)}`,
    );
  }
  const named = caught.issues.some((issue) => issue.path === path || issue.message.includes(`"${path}"`));
  if (!named) {
    throw new Error(`expected a ValidationError naming \`${path}\`, got the issues ${JSON.stringify(caught.issues)}`);
  }
  return caught;
}
