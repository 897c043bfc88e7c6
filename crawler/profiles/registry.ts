// The bundled profiles (crawler/profiles/*.json), loaded and validated once, and matched by host.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, describeIssues } from '../../core/errors.ts';
import { type SiteProfile, siteProfileSchema } from './schema.ts';

const PROFILES_DIR = dirname(fileURLToPath(import.meta.url));

/** Validates one profile (e.g. read from a user's file); throws ConfigError naming the problem. */
export function parseProfile(value: unknown, source = 'profile'): SiteProfile {
  const parsed = siteProfileSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${source}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Every profile in a directory of JSON files. */
export function loadProfiles(dir = PROFILES_DIR): SiteProfile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new ConfigError(`${path}: not valid JSON`, { cause: error });
      }
      return parseProfile(json, path);
    });
}

function hostGlob(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]*');
  return new RegExp(`^${body}$`);
}

let bundled: Array<{ profile: SiteProfile; patterns: RegExp[] }> | undefined;

/** The bundled profile for a host, if one matches. */
export function profileForHost(host: string, profiles?: SiteProfile[]): SiteProfile | undefined {
  const compile = (list: SiteProfile[]) =>
    list.map((profile) => ({ profile, patterns: profile.hosts.map(hostGlob) }));
  if (!profiles && !bundled) bundled = compile(loadProfiles());
  const list = profiles ? compile(profiles) : bundled!;
  const key = host.toLowerCase();
  return list.find(({ patterns }) => patterns.some((re) => re.test(key)))?.profile;
}
