/** Thrown by a handler when retrying cannot help: the job goes to `dead` at once. */
export class PermanentJobError extends Error {
  readonly permanent = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
