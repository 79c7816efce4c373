function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The development sign-in form: an email (and optional name), no password, no script. */
export function devLoginPage(returnTo: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Development sign-in</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; color: #1f2933; }
      label { display: block; margin-top: 1rem; font-weight: 600; }
      input { width: 100%; padding: .5rem; margin-top: .25rem; box-sizing: border-box; font-size: 1rem; }
      button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; }
      p.note { color: #616e7c; font-size: .9rem; }
    </style>
  </head>
  <body>
    <h1>Development sign-in</h1>
    <p class="note">For local development and demos only: anyone can sign in as any email. Production refuses it.</p>
    <form method="post" action="/auth/dev">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" required autofocus placeholder="dev@example.com" />
      <label for="name">Name (optional)</label>
      <input id="name" name="name" type="text" maxlength="200" />
      <input type="hidden" name="returnTo" value="${escapeHtml(returnTo)}" />
      <button type="submit">Sign in</button>
    </form>
  </body>
</html>
`;
}
