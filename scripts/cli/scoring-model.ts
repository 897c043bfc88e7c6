// Which risk model a command scores with: `classify.modelPath` when configured (an admin's pin),
// else the model `adrisk train` made active in the store, else the bundled one.
import { existsSync } from 'node:fs';
import type { Db } from 'mongodb';
import { loadModel, type RiskModel } from '../../classifier/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { activeModel } from '../../storage/training-data.ts';
import type { Config } from './config.ts';

/** The model file to load, or undefined for the bundled model. */
export async function scoringModelPath(config: Config, db?: Db): Promise<string | undefined> {
  if (config.classify.modelPath) return config.classify.modelPath;
  if (!db) return undefined;
  const active = await activeModel(db);
  if (!active) return undefined;
  if (!existsSync(active.path)) {
    throw new ConfigError(
      `the active model ${active.version} (${active.path}) is missing: run adrisk train again or set classify.modelPath`,
    );
  }
  return active.path;
}

/** The model to score with; undefined means the bundled model. */
export async function scoringModel(config: Config, db?: Db): Promise<RiskModel | undefined> {
  const path = await scoringModelPath(config, db);
  return path === undefined ? undefined : loadModel(path);
}
