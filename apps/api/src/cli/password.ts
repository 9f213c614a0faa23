import passwordPrompt from '@inquirer/password';
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
    password = await promptHidden('Password:');
    if ((await promptHidden('Password (again):')) !== password) throw new CliError('The passwords do not match.');
  } else {
    password = (await Bun.stdin.text()).split(/\r?\n/)[0] ?? '';
    if (password === '') throw new CliError('No password: type it at the prompt or send it on stdin.');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

/**
 * One hidden line from the terminal, on stderr (stdout stays the command's answer). Inquirer's
 * prompt edits the line with Node's readline: arrow keys, Home/End and Delete move and edit as
 * in a shell instead of landing in the password as escape sequences; Ctrl-T shows what was
 * typed. Ctrl-C cancels (exit 130), and the prompt puts the terminal back as it found it.
 */
async function promptHidden(message: string): Promise<string> {
  try {
    return await passwordPrompt({ message, mask: '*' }, { output: process.stderr, clearPromptOnDone: false });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CliError('Cancelled.', 130);
    throw error;
  }
}
