import { CliError } from './errors';

export const MIN_PASSWORD_LENGTH = 8;

/**
 * The new password: typed twice without echo on a terminal, else the first line of stdin
 * (`echo "$PW" | crm user create ann`), so scripts never put a password in argv or the shell's
 * history.
 */
export async function readNewPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    if ((await promptHidden('Password (again): ')) !== password) throw new CliError('The passwords do not match.');
  } else {
    password = (await Bun.stdin.text()).split(/\r?\n/)[0] ?? '';
    if (password === '') throw new CliError('No password: type it at the prompt or send it on stdin.');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

/** Reads a line in raw mode, echoing nothing; Ctrl-C cancels, Backspace deletes. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(typed.join(''));
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new CliError('Cancelled.', 130));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed.push(char);
      }
    };
    stdin.on('data', onData);
  });
}
