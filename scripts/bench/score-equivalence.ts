// Equivalence check for throughput work: scores a corpus with the current tree and with a copy of
// it in which the performance-owned files are put back as they are at a git revision (default
// HEAD), and compares every ScoreResult (risk, level, indicators with evidence and rules, entities,
// language, model probability) field by field. The copy takes every other file (lexicon,
// extractors, model) from the working tree at the time of the run, so it checks the optimised code
// paths against the straightforward ones on the same current lexicon, not against a stale snapshot.
// Also checks the lexicon prefilter against running every rule, and the worker pool against the
// in-process path, and `adrisk score` on worker threads against one thread. Exit code 1 on any
// difference. (No timing here: two trees in one process share library code and its JIT state.)
// `--old-entities DIR` also puts DIR's files (e.g. phones.ts saved before an edit) into the baseline's
// classifier/entities, for checking uncommitted work on files that are not in PERFORMANCE_FILES.
//   node --import tsx scripts/bench/score-equivalence.ts [--ref REV] [--count N] [--no-pool] [--show N]
//     [--old-entities DIR]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { languagesFor, matchRules } from '../../classifier/indicators/engine.ts';
import { defaultLexicon } from '../../classifier/indicators/lexicon.ts';
import { detectLanguage } from '../../classifier/language.ts';
import { EVALUATION_SPLIT, FUSION_SPLIT, syntheticAds } from '../../classifier/model/synthetic-corpus.ts';
import type * as ScoreModule from '../../classifier/score.ts';
import { scoreBatchText } from '../../classifier/score.ts';
import type { AdInput } from '../../classifier/types.ts';
import { ScorePool } from '../../classifier/workers/index.ts';
import { scoreStream } from '../cli/commands/score.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Folders the classifier imports from; copied whole into the baseline tree. */
const COPIED_DIRS = ['classifier', 'core', 'scripts/marketplace'];
/** Files whose optimisations are checked: in the baseline they are as at `--ref`. */
const PERFORMANCE_FILES = [
  'classifier/indicators/engine.ts',
  'classifier/indicators/rule-prefilter.ts',
  'classifier/language.ts',
  'classifier/model/features.ts',
  'classifier/language-trigrams.ts',
  'classifier/score.ts',
  'classifier/indicators/detect.ts',
  'classifier/indicators/entity-signals.ts',
  'classifier/model/model.ts',
  'classifier/model/fusion.ts',
  ...[
    'ages',
    'char-class',
    'cities',
    'emails',
    'extract',
    'folded-text',
    'handles',
    'locations',
    'lookbehind',
    'number-words',
    'phones',
    'prices',
    'regions',
  ].map((name) => `classifier/entities/${name}.ts`),
];
/** Batch size of the in-process and pooled runs, as the CLI's chunks. */
const BATCH = 256;
/** Long texts repeat an ad this many times: past language, feature and matcher caps. */
const LONG_REPEATS = [3, 15, 70];

const { values } = parseArgs({
  options: {
    ref: { type: 'string', default: 'HEAD' },
    count: { type: 'string', default: String(EVALUATION_SPLIT.count) },
    'no-pool': { type: 'boolean', default: false },
    show: { type: 'string', default: '5' },
    'old-entities': { type: 'string' },
  },
});
const show = Number(values.show);

const ads = corpus(Number(values.count));
const baselineDir = buildBaseline(values.ref, values['old-entities']);
let failures = 0;
try {
  const baseline = (await import(
    pathToFileURL(join(baselineDir, 'classifier/score.ts')).href
  )) as typeof ScoreModule;
  const expected = batched(ads, (batch) => baseline.scoreBatchText(batch));
  const actual = batched(ads, (batch) => scoreBatchText(batch));
  failures += compare('current vs baseline', expected, actual);
  failures += checkPrefilter(ads);
  if (!values['no-pool']) {
    const pool = new ScorePool({ threads: 2 });
    try {
      const pooled = (
        await Promise.all(
          Array.from({ length: Math.ceil(ads.length / BATCH) }, (_, k) =>
            pool.score(ads.slice(k * BATCH, (k + 1) * BATCH)),
          ),
        )
      ).flat();
      failures += compare('worker pool vs in process', actual, pooled);
      const json = (
        await Promise.all(
          Array.from({ length: Math.ceil(ads.length / BATCH) }, (_, k) =>
            pool.scoreToJson(ads.slice(k * BATCH, (k + 1) * BATCH)),
          ),
        )
      ).flatMap((batch) => batch.lines);
      failures += compare(
        'worker JSON vs in process',
        actual.map((r) => JSON.stringify(r)),
        json,
      );
    } finally {
      await pool.close();
    }
    failures += await compareCli(ads);
  }
} finally {
  rmSync(baselineDir, { recursive: true, force: true });
}
process.stdout.write(failures === 0 ? 'all identical\n' : `${failures} differences\n`);
process.exitCode = failures === 0 ? 0 : 1;

/** `adrisk score` on the corpus as JSONL, on worker threads and on this thread: the same bytes. */
async function compareCli(input: AdInput[]): Promise<number> {
  const jsonl = `${input.map((ad) => JSON.stringify(ad)).join('\n')}\n{broken\n`;
  const run = async (threads: number) => {
    const chunks: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const settings = { profile: 'default', thresholds: { high: 0.6, medium: 0.3 }, ocr: false, threads };
    await scoreStream(Readable.from([jsonl]), output, settings);
    return chunks.join('').split('\n');
  };
  return compare('adrisk score, 2 worker threads vs 1 thread', await run(1), await run(2));
}

/** The evaluation and fusion splits plus variants that reach the edge paths of the optimisations. */
function corpus(count: number): AdInput[] {
  const base = [
    ...syntheticAds({ ...EVALUATION_SPLIT, count }),
    ...syntheticAds({ ...FUSION_SPLIT, count: Math.min(count, FUSION_SPLIT.count) }),
  ].map((c) => c.ad);
  const variants: AdInput[] = [];
  base.slice(0, 400).forEach((ad, i) => {
    const text = ad.text ?? '';
    const v = (suffix: string, change: Partial<AdInput>) =>
      variants.push({ ...ad, id: `${ad.id}-${suffix}`, ...change });
    v('upper', { text: text.toUpperCase(), title: ad.title?.toUpperCase() });
    v('long', {
      text: Array.from({ length: LONG_REPEATS[i % LONG_REPEATS.length]! }, () => text).join('\n'),
    });
    v('odd-case', { text: text.replace(/s/gu, 'ſ').replace(/e/u, 'Σ') });
    v('full-width', { text: text.replace(/\d/gu, (d) => String.fromCharCode(0xff10 + Number(d))) });
    v('keycaps', { text: text.replace(/\d/gu, (d) => `${d}\ufe0f\u20e3`) });
    v('no-title', { title: undefined });
    v('title-only', { text: undefined });
    v('ocr', { images: [{ ocrText: `call ${text.slice(0, 60)}` }] });
    v('astral', { text: `𝟘𝟙𝟚 𝐢 𝐚𝐦 ${text} 😀🚗 🔟` });
  });
  variants.push(
    { id: 'empty' },
    { id: 'blank', text: '   \n  ' },
    { id: 'digits', text: '0'.repeat(30_000) },
  );
  return [...base, ...variants];
}

/**
 * A copy of the working tree's classifier (and what it imports) with PERFORMANCE_FILES at `ref`
 * and the files of `oldEntities` (if given) in classifier/entities.
 */
function buildBaseline(ref: string, oldEntities: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'adrisk-equivalence-'));
  for (const sub of COPIED_DIRS) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  for (const file of PERFORMANCE_FILES) {
    const text = execFileSync('git', ['show', `${ref}:${file}`], { cwd: ROOT, encoding: 'utf8' });
    writeFileSync(join(dir, file), text);
  }
  if (oldEntities !== undefined)
    for (const name of readdirSync(oldEntities).filter((f) => f.endsWith('.ts')))
      cpSync(join(oldEntities, name), join(dir, 'classifier/entities', name));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function batched<T>(input: AdInput[], score: (batch: AdInput[]) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < input.length; i += BATCH) out.push(...score(input.slice(i, i + BATCH)));
  return out;
}

function compare(label: string, expected: unknown[], actual: unknown[]): number {
  let differences = 0;
  if (expected.length !== actual.length) {
    process.stdout.write(`${label}: ${expected.length} vs ${actual.length} results\n`);
    return 1;
  }
  expected.forEach((e, i) => {
    if (isDeepStrictEqual(e, actual[i])) return;
    differences++;
    if (differences <= show) {
      process.stdout.write(
        `${label}: ${ads[i]?.id ?? `line ${i + 1}`} differs\n  expected ${JSON.stringify(e)}\n  actual   ${JSON.stringify(actual[i])}\n`,
      );
    }
  });
  process.stdout.write(`${label}: ${expected.length - differences}/${expected.length} identical\n`);
  return differences;
}

/** The prefilter against the straightforward path: every rule of the ad's languages run. */
function checkPrefilter(input: AdInput[]): number {
  const lexicon = defaultLexicon();
  let differences = 0;
  for (const ad of input) {
    const text = [ad.title, ad.text].filter(Boolean).join('\n');
    const languages = languagesFor(detectLanguage(text), lexicon);
    const everyRule = languages.map((lang) => ({
      ...lang,
      prefilter: { candidates: () => new Set(lang.rules.map((_, i) => i)) },
    }));
    const summary = (matches: ReturnType<typeof matchRules>) => matches.map((m) => [m.rule.id, m.evidence]);
    const filtered = summary(matchRules(text, languages));
    const all = summary(matchRules(text, everyRule));
    if (isDeepStrictEqual(filtered, all)) continue;
    differences++;
    if (differences <= show)
      process.stdout.write(
        `prefilter: ${ad.id}\n  all rules ${JSON.stringify(all)}\n  filtered  ${JSON.stringify(filtered)}\n`,
      );
  }
  process.stdout.write(`prefilter vs every rule: ${input.length - differences}/${input.length} identical\n`);
  return differences;
}
