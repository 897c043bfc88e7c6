// Real headless Chromium from Debian, driven by playwright-core; no browser download.
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../crawler/render.ts';

export const CHROMIUM_PATH = process.env.ADRISK_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}
