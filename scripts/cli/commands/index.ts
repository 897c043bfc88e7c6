// The registry of CLI commands. A command is listed here once its capability works end to end.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [];
