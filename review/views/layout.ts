// The page frame: navigation by role, the logout form (POST with the CSRF token) and the reminder
// that scores are risk signals for human review, not verdicts.
import { RISK_DISCLAIMER } from '../risk-bands.ts';
import type { Viewer } from '../viewer.ts';
import { html, type SafeHtml } from './html.ts';

export interface PageOptions {
  title: string;
  viewer?: Viewer;
  body: SafeHtml;
  /** Pages that show a score repeat the disclaimer at the top as well. */
  showsScores?: boolean;
}

function nav(viewer: Viewer): SafeHtml {
  const admin =
    viewer.role === 'admin'
      ? html`<a href="/admin/users">Users</a> <a href="/admin/audit">Audit log</a> <a href="/admin/retention">Retention</a>`
      : '';
  return html`<nav>
  <a href="/" class="brand">adrisk review</a> <a href="/">Queue</a> ${admin}
  <span class="who">${viewer.user} (${viewer.role}${viewer.role === 'researcher' ? ': contacts pseudonymised' : ''})</span>
  <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrf}"><button type="submit">Log out</button></form>
</nav>`;
}

export function page(options: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · adrisk review</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
${options.viewer ? nav(options.viewer) : ''}
<main>
${options.showsScores ? html`<p class="disclaimer" role="note">${RISK_DISCLAIMER}</p>` : ''}
${options.body}
</main>
<footer><p>${RISK_DISCLAIMER}</p></footer>
</body>
</html>`;
}
