// The language banks by code.
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { pl } from './pl.ts';
import { ro } from './ro.ts';
import { ru } from './ru.ts';
import type { Lang, LanguageBank } from './types.ts';

export { LANGS, type Lang, type LanguageBank, type NonAdultCategory, type TextIndicator } from './types.ts';

export const BANKS: Record<Lang, LanguageBank> = { en, de, fr, es, it, ru, pl, ro };
