// `adrisk user add|list|remove`: reviewer accounts for the review app. Passwords never go on the
// command line (shell history, process lists): they are typed at a hidden prompt, or piped in with
// --password-stdin.
import type { Command } from 'commander';
import { z } from 'zod';
import { describeIssues, InputError, NotFoundError } from '../../../core/errors.ts';
import { AuditLog } from '../../../storage/audit.ts';
import { SessionRepository } from '../../../storage/sessions.ts';
import { MIN_PASSWORD_LENGTH, USER_ROLES, USERNAME_PATTERN, UserRepository } from '../../../storage/users.ts';
import type { CliContext } from '../context.ts';

const MAX_PASSWORD_LENGTH = 200;
const addSchema = z.object({
  name: z.string().regex(USERNAME_PATTERN, 'a username is 2-32 lower-case letters, digits, ".", "_" or "-"'),
  role: z.enum(['admin', 'analyst', 'researcher'], { message: `expected one of ${USER_ROLES.join(', ')}` }),
  passwordStdin: z.boolean().default(false),
});

const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // The first line: `printf '%s\n' "$PW" | adrisk user add …` must not keep the newline.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new InputError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin) {
    password = await readStdin();
  } else {
    if (!process.stdin.isTTY) {
      throw new InputError(
        'user add: no terminal to prompt for a password; pipe it in with --password-stdin',
      );
    }
    password = await promptHidden('Password: ');
    const again = await promptHidden('Repeat password: ');
    if (again !== password) throw new InputError('user add: the passwords do not match');
  }
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new InputError(`user add: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export function registerUser(program: Command, ctx: CliContext): void {
  const user = program
    .command('user')
    .description('reviewer accounts of the review app (admin, analyst, researcher)');

  user
    .command('add')
    .description('create an account; the password is prompted for (hidden) or read from stdin')
    .argument('<name>', 'username (lower-case letters, digits, . _ -)')
    .requiredOption('--role <role>', 'admin | analyst | researcher')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (name: string, flags: { role: string; passwordStdin?: boolean }) => {
      const parsed = addSchema.safeParse({
        name,
        role: flags.role,
        passwordStdin: Boolean(flags.passwordStdin),
      });
      if (!parsed.success) throw new InputError(`user add: ${describeIssues(parsed.error.issues)}`);
      const { role, passwordStdin } = parsed.data;
      const password = await readPassword(passwordStdin);
      const store = await ctx.store();
      const users = new UserRepository(store.db);
      if (!(await users.add(name, role, password)))
        throw new InputError(`user add: user ${name} already exists`);
      await new AuditLog(store.db).append(ctx.actor(), 'user_add', name, { role });
      ctx.result(`added ${name} (${role})`, { user: name, role });
    });

  user
    .command('list')
    .description('list accounts and their roles')
    .action(async () => {
      const store = await ctx.store();
      const users = await new UserRepository(store.db).list();
      const lines = users.map(
        (u) => `${u._id}\t${u.role}\t${u.createdAt.toISOString()}${u.disabled ? '\tdisabled' : ''}`,
      );
      ctx.result(
        lines.length > 0 ? lines.join('\n') : 'no users (add one with: adrisk user add NAME --role admin)',
        users.map((u) => ({
          user: u._id,
          role: u.role,
          createdAt: u.createdAt.toISOString(),
          disabled: Boolean(u.disabled),
        })),
      );
    });

  user
    .command('remove')
    .description('delete an account and end its sessions')
    .argument('<name>', 'username')
    .action(async (name: string) => {
      const store = await ctx.store();
      if (!(await new UserRepository(store.db).remove(name)))
        throw new NotFoundError(`user ${name} does not exist`);
      const ended = await new SessionRepository(store.db).destroyUser(name);
      await new AuditLog(store.db).append(ctx.actor(), 'user_remove', name, { sessionsEnded: ended });
      ctx.result(`removed ${name}`, { user: name, removed: true, sessionsEnded: ended });
    });
}
