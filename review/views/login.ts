// The login form. Its CSRF token is the pre-session token set as a cookie with the form.
import { html } from './html.ts';
import { page } from './layout.ts';

export function loginPage(csrf: string, error?: string) {
  return page({
    title: 'Log in',
    body: html`<section class="login">
<h1>adrisk review</h1>
<p>Sign in to review flagged ads. Access is logged.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${csrf}">
<label>Username <input name="username" autocomplete="username" required maxlength="32"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label>
<button type="submit">Log in</button>
</form>
</section>`,
  });
}
