// Error pages: short, with no echo of anything the request carried.
import type { Viewer } from '../viewer.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

export function errorPage(status: number, message: string, viewer?: Viewer) {
  return page({
    title: `Error ${status}`,
    viewer,
    body: html`<h1>Error ${status}</h1><p class="error">${message}</p><p><a href="/">Back to the queue</a></p>`,
  });
}
