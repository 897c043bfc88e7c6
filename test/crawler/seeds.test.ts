import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.ts';
import { parseSeeds } from '../../crawler/seeds.ts';

describe('parseSeeds', () => {
  it('reads plain URL lists, skipping blanks and comments', () => {
    expect(parseSeeds('# seeds\nhttp://a.test/\n\nhttps://b.test/x\n')).toEqual([
      { url: 'http://a.test/' },
      { url: 'https://b.test/x' },
    ]);
  });

  it('reads url,country CSV with a header and upper-cases the country', () => {
    expect(parseSeeds('url,country\nhttp://a.test/,de\n"http://b.test/",FR\n')).toEqual([
      { url: 'http://a.test/', country: 'DE' },
      { url: 'http://b.test/', country: 'FR' },
    ]);
  });

  it('names the line of a bad country code', () => {
    expect(() => parseSeeds('http://a.test/,germany', 'seeds.csv')).toThrow(InputError);
    expect(() => parseSeeds('http://a.test/,germany', 'seeds.csv')).toThrow(/seeds\.csv:1/);
  });
});
