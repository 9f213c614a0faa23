/** A mistake of the person at the keyboard: printed as one line, no stack, exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Wrong command or arguments: the message plus a pointer to `crm help`, exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(`${message}\nRun \`bun run crm help\` for the commands.`, 2);
  }
}
