// Does a page need a browser? An app shell has almost no text, loads script bundles into a root
// element, and often says so in <noscript>. A page already rendered by Chromium never does.
import type { PageDocument } from './document.ts';

/** Visible characters below which a page with scripts is an empty shell. */
export const APP_SHELL_TEXT = 200;
const ROOT_ELEMENTS =
  '#root, #app, #__next, #__nuxt, #main-app, [data-reactroot], [ng-app], app-root, #svelte';
const NOSCRIPT_ASKS_FOR_JS =
  /javascript|enable js|activer javascript|javascript aktivieren|habilita|habilitar javascript|abilita|включите|włącz|activați|activati/i;

export function needsBrowser(doc: PageDocument, rendered: boolean): boolean {
  if (rendered) return false;
  const noscriptAsks = NOSCRIPT_ASKS_FOR_JS.test(doc.noscriptText);
  const shortText = doc.text.length < APP_SHELL_TEXT;
  if (!shortText || doc.scripts === 0) return false;
  const root = doc.$(ROOT_ELEMENTS).first();
  const emptyRoot = root.length > 0 && root.text().trim().length < APP_SHELL_TEXT;
  return emptyRoot || noscriptAsks;
}
