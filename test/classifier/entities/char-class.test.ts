import { describe, expect, it } from 'vitest';
import { asciiWordFilter } from '../../../classifier/entities/char-class.ts';

describe('asciiWordFilter', () => {
  const words = ['the', 'la', 'l', 'zwölf', 'четыре'];
  const filter = asciiWordFilter(words);
  const at = (word: string) => filter(` ${word} `, 1, word.length + 1);

  it('says no only for words of ASCII letters that are none of the words once lower-cased', () => {
    for (const word of ['The', 'THE', 'la', 'L']) expect(at(word)).toBe(true);
    for (const word of ['then', 'th', 'a', 'lo', 'zwolf']) expect(at(word)).toBe(false);
  });

  it('says maybe for every word with another character', () => {
    for (const word of ['Zwölf', 'четыре', 'ţhe', '\u212Ahe', 'the\u0301']) expect(at(word)).toBe(true);
  });
});
