import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<MissingCredentialError>('missing-credential');

/**
 * A credential the service issues was not given, neither as an option nor through its
 * environment variable. Names the setting, never a value.
 */
export class MissingCredentialError extends DropshipError {
  /** The service the credential is for, for example `wps`. */
  readonly service: string;
  /** The option name, for example `apiToken`. */
  readonly credential: string;
  /** The environment variable that may supply it, if any. */
  readonly environmentVariable: string | undefined;

  /**
   * @param service - the service, for example `wps`.
   * @param credential - the option name.
   * @param environmentVariable - the environment variable checked as a fallback.
   */
  constructor(service: string, credential: string, environmentVariable?: string) {
    const hint = environmentVariable ? ` or set the ${environmentVariable} environment variable` : '';
    super('missing-credential', `${service}: missing credential "${credential}". Pass it as an option${hint}.`);
    check.mark(this);
    this.service = service;
    this.credential = credential;
    this.environmentVariable = environmentVariable;
  }

  /** True when `error` is a {@link MissingCredentialError}. */
  static override isInstance(error: unknown): error is MissingCredentialError {
    return check.is(error);
  }
}
