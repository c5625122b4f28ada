/**
 * Where `roadwatch users add` gets a password: typed at a terminal without echo, or the whole of stdin (for scripts:
 * `printf %s "$PASSWORD" | roadwatch users add ... --password-stdin`), never the command line, which other users
 * of the machine can read in the process list.
 */
import { text } from "node:stream/consumers";

/** All of stdin, less one trailing newline (what `echo` adds). */
export async function readPasswordFromStdin(): Promise<string> {
  return (await text(process.stdin)).replace(/\r?\n$/, "");
}

/** Asks on the terminal, without echoing what is typed. */
export function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) return Promise.reject(new Error("no terminal to ask for a password on: give --password-stdin or --generate-password"));
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (outcome: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      stderr.write("\n");
      outcome();
    };
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString("utf8")) {
        if (character === "\r" || character === "\n") return finish(() => resolve(typed));
        if (character === "\u0003") return finish(() => reject(new Error("cancelled")));
        if (character === "\u007f" || character === "\b") typed = [...typed].slice(0, -1).join("");
        else typed += character;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

/** Asks twice, so a typo does not become the password. */
export async function promptNewPassword(username: string): Promise<string> {
  const password = await promptHidden(`Password for ${username}: `);
  if ((await promptHidden("Again: ")) !== password) throw new Error("the two passwords differ");
  return password;
}
