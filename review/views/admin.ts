// Admin pages: users, the audit log (read-only) and retention settings.
import type { AuditDoc } from '../../storage/index.ts';
import type { PublicUser } from '../../storage/users.ts';
import type { Viewer } from '../viewer.ts';
import { formatDate } from './format.ts';
import { html } from './html.ts';
import { page } from './layout.ts';

export function usersPage(viewer: Viewer, users: PublicUser[], message?: string) {
  return page({
    title: 'Users',
    viewer,
    body: html`<h1>Users</h1>
${message ? html`<p class="notice" role="status">${message}</p>` : ''}
<table><thead><tr><th>User</th><th>Role</th><th>Created</th><th></th></tr></thead><tbody>
${users.map(
  (u) =>
    html`<tr><td>${u._id}</td><td>${u.role}</td><td>${formatDate(u.createdAt)}</td><td>${
      u._id === viewer.user
        ? html`<span class="muted">you</span>`
        : html`<form method="post" action="/admin/users/remove" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrf}"><input type="hidden" name="username" value="${u._id}"><button type="submit">Remove</button></form>`
    }</td></tr>`,
)}
</tbody></table>
<h2>Add a user</h2>
<form method="post" action="/admin/users" class="stack">
<input type="hidden" name="_csrf" value="${viewer.csrf}">
<label>Username <input name="username" required maxlength="32" pattern="[a-z0-9][a-z0-9._\\-]{1,31}"></label>
<label>Role <select name="role"><option>analyst</option><option>researcher</option><option>admin</option></select></label>
<label>Password (at least 10 characters) <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
<button type="submit">Add user</button>
</form>
<p class="hint">From a shell: <code>adrisk user add NAME --role analyst</code>.</p>`,
  });
}

export function auditPage(
  viewer: Viewer,
  entries: AuditDoc[],
  nextHref: string | undefined,
  filter: { user?: string; action?: string },
) {
  return page({
    title: 'Audit log',
    viewer,
    body: html`<h1>Audit log</h1>
<p class="hint">Append-only: logins, every ad and network viewed, every decision and export. Nothing here can be edited or deleted from the app.</p>
<form method="get" action="/admin/audit" class="filters">
<label>User <input name="user" value="${filter.user ?? ''}" maxlength="64"></label>
<label>Action <input name="action" value="${filter.action ?? ''}" maxlength="32"></label>
<button type="submit">Filter</button></form>
<table class="audit"><thead><tr><th>Time</th><th>User</th><th>Action</th><th>Target</th><th>Details</th></tr></thead><tbody>
${entries.map(
  (e) =>
    html`<tr><td>${formatDate(e.at)}</td><td>${e.user}</td><td>${e.action}</td><td>${e.target ?? ''}</td><td><code>${e.details ? JSON.stringify(e.details) : ''}</code></td></tr>`,
)}
</tbody></table>
${nextHref ? html`<p><a href="${nextHref}" rel="next">Older entries</a></p>` : ''}`,
  });
}

export function retentionPage(
  viewer: Viewer,
  retentionDays: number,
  eligible: number | null,
  message?: string,
) {
  return page({
    title: 'Retention',
    viewer,
    body: html`<h1>Retention</h1>
${message ? html`<p class="notice" role="status">${message}</p>` : ''}
<p>Snapshots and contact details of ads that were dismissed or never flagged are purged <strong>${retentionDays} days</strong> after the ad was last seen. Ads under a confirmed, escalated or reported decision are kept until released.</p>
<p>The period is set by <code>privacy.retentionDays</code> in <code>adrisk.config.json</code>; restart <code>adrisk serve</code> after changing it.</p>
${eligible !== null ? html`<p>Ads eligible for purging now: <strong>${eligible}</strong>.</p>` : ''}
<form method="post" action="/admin/retention/purge"><input type="hidden" name="_csrf" value="${viewer.csrf}"><button type="submit">Purge expired data now</button></form>`,
  });
}
