const marker = Symbol.for('@dropship/error');

/**
 * Base class of every error the SDK throws on purpose.
 *
 * Each subclass carries a stable {@link DropshipError.code} and a static `isInstance()`
 * that works across two copies of the package (it checks a `Symbol.for` marker, not the
 * prototype chain). Messages never contain credentials.
 */
export class DropshipError extends Error {
  /** Stable, machine-readable error code (for example `validation`). */
  readonly code: string;

  /**
   * @param code - stable machine-readable code.
   * @param message - human-readable message; must not contain credentials.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, marker, { value: true, enumerable: false });
  }

  /** True when `error` is any {@link DropshipError}, even from another copy of the package. */
  static isInstance(error: unknown): error is DropshipError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/**
 * Builds an `isInstance` check for one error class, keyed on a `Symbol.for` marker so
 * that it survives duplicated packages.
 *
 * @internal
 */
export function markerCheck<T>(name: string): { mark: (target: object) => void; is: (error: unknown) => error is T } {
  const symbol = Symbol.for(`@dropship/error/${name}`);
  return {
    mark: (target: object) => {
      Object.defineProperty(target, symbol, { value: true, enumerable: false });
    },
    is: (error: unknown): error is T =>
      typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true,
  };
}
