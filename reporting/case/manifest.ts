// The manifest of a case package: the SHA-256 and size of every file, so the receiving authority
// can check that nothing changed after export. `verifyCasePackage` recomputes every hash.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';

export const MANIFEST_FILE = 'manifest.json';

export const manifestSchema = z.object({
  format: z.literal('adrisk-case/1'),
  createdAt: z.string(),
  files: z.array(
    z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number() }),
  ),
  /** Snapshot files whose content must also equal the body hash recorded at capture time. */
  captures: z.array(
    z.object({
      path: z.string(),
      capturedSha256: z.string(),
      capturedAt: z.string(),
      url: z.string().nullable(),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file below `dir` except the manifest itself, as forward-slash relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => p !== MANIFEST_FILE)
    .sort();
}

export async function buildManifest(dir: string, captures: Manifest['captures']): Promise<Manifest> {
  const files = [];
  for (const path of await listFiles(dir)) {
    const full = join(dir, path);
    files.push({ path, sha256: await sha256File(full), bytes: (await stat(full)).size });
  }
  return { format: 'adrisk-case/1', createdAt: new Date().toISOString(), files, captures };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

/** Rechecks every file against the manifest, and every snapshot against its capture-time hash. */
export async function verifyCasePackage(dir: string): Promise<VerifyResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new InputError(
      `${dir} is not a case package: cannot read ${MANIFEST_FILE} (${(error as Error).message})`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new InputError(`${join(dir, MANIFEST_FILE)} is not a valid adrisk case manifest`);
  const manifest = parsed.data;
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    if (file.path.includes('..')) {
      problems.push(`${file.path}: path escapes the package`);
      continue;
    }
    let actual: string;
    try {
      actual = await sha256File(join(dir, file.path));
    } catch {
      problems.push(`${file.path}: missing`);
      continue;
    }
    if (actual !== file.sha256) problems.push(`${file.path}: SHA-256 differs from the manifest`);
  }
  for (const path of await listFiles(dir)) {
    if (!listed.has(path)) problems.push(`${path}: not listed in the manifest`);
  }
  for (const capture of manifest.captures) {
    const entry = manifest.files.find((f) => f.path === capture.path);
    if (entry && entry.sha256 !== capture.capturedSha256) {
      problems.push(`${capture.path}: differs from the body captured at ${capture.capturedAt}`);
    }
  }
  return { ok: problems.length === 0, checked: manifest.files.length, problems };
}
