// The registry of CLI commands. A command is listed here once its capability works end to end.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { registerCase } from './case.ts';
import { registerClassify } from './classify.ts';
import { registerCrawl } from './crawl.ts';
import { registerDemo } from './demo.ts';
import { registerDb } from './db.ts';
import { registerExport } from './export.ts';
import { registerImport } from './import.ts';
import { registerIndicators } from './indicators.ts';
import { registerPurge } from './purge.ts';
import { registerReport } from './report.ts';
import { registerScore } from './score.ts';
import { registerServe } from './serve.ts';
import { registerUser } from './user.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [
  registerDemo,
  registerCrawl, registerReport, registerExport, registerCase, registerPurge, registerScore, registerServe, registerUser, registerImport, registerClassify, registerIndicators, registerDb];
