import { createInterface } from 'node:readline';

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

/** Asks on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Suppress readline's echo of the typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * A password never comes from the command line (it would show in `ps` and shell history): it is read
 * from stdin with --password-stdin, or asked for twice on a terminal.
 */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY)
    throw new Error('No terminal to ask for the password on: pipe it in with --password-stdin.');
  const first = await prompt('Password: ');
  const second = await prompt('Repeat it: ');
  if (first !== second) throw new Error('The two passwords differ.');
  return first;
}
