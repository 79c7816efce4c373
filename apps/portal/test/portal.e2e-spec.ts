// The portal in a real browser (Debian's Chromium through playwright-core) against the real
// platform, started for this file alone by tools/e2e/platform.ts: core, ingestion, metrics,
// alerting and the BFF serving the built portal, on fresh databases, a temporary Kafka topic and
// a Redis prefix of their own. One developer's journey, step by step (each test continues where
// the previous one stopped), then a second developer who must not see the first one's studio.
// Screenshots of every main page go to .reports/e2e/.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mailbox, waitFor } from '@gt/testing';
import { launchBrowser, screenshot } from '../../../tools/e2e/browser';
import { ensurePortalBuilt, startPlatform, type E2ePlatform } from '../../../tools/e2e/platform';
import { playSessions, sendOneEvent } from '../../../tools/e2e/traffic';

const run = randomBytes(4).toString('hex');
const developer = `dev-${run}@studio.example`;
const outsider = `outsider-${run}@other.example`;
const alertRecipient = `alerts-${run}@studio.example`;
const studioName = `Pixel Forge ${run}`;
const gameName = 'Star Miners';
// A laptop screen: the portal must work at this width.
const viewport = { width: 1366, height: 860 };

let platform: E2ePlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let apiKey = '';
let studioPath = '';
let gamePath = '';

/** One event signed as the SDKs do (libs/sdk-vectors: HMAC-SHA256 of "<t>." + body): ingestion's status. */
async function sendSignedEvent(endpoint: string, apiKey: string, signingSecret: string): Promise<number> {
  const body = JSON.stringify({
    events: [
      {
        eventId: randomUUID(),
        type: 'design',
        playerId: 'signed-player',
        sessionId: 'signed-session',
        timestamp: new Date().toISOString(),
        name: 'Probe:Signed',
      },
    ],
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', signingSecret).update(`${t}.${body}`).digest('hex');
  const res = await fetch(`${endpoint}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'x-signature': `t=${t},v1=${v1}` },
    body,
  });
  await res.text();
  return res.status;
}

async function signIn(p: Page, email: string): Promise<void> {
  await p.goto(`${platform.portalUrl}/`);
  await p.waitForURL(/\/sign-in/);
  await p.getByLabel('Email').fill(email);
  await p.getByRole('button', { name: 'Sign in', exact: true }).click();
  await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

beforeAll(async () => {
  ensurePortalBuilt();
  platform = await startPlatform({ keyCacheSeconds: 2 });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport, timezoneId: 'Europe/Paris', locale: 'en-GB' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('the developer portal against the running platform', () => {
  it('sends a signed-out visitor to sign in, then back to the page they asked for', async () => {
    await page.goto(`${platform.portalUrl}/tokens`);
    await page.waitForURL(/\/sign-in\?returnTo=%2Ftokens/);
    await screenshot(page, '01-sign-in');
    await page.getByLabel('Email').fill(developer);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/tokens$/);
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
  });

  it('creates a studio and a game', async () => {
    await page.getByRole('link', { name: 'All studios' }).click();
    await page.getByText('You are not in a studio yet').waitFor();
    await page.getByLabel('Studio name').fill(studioName);
    await page.getByRole('button', { name: 'Create studio' }).click();
    await page.waitForURL(/\/studios\/[0-9a-f-]+$/);
    studioPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: studioName }).waitFor();
    await expect(page.locator('#studio-switcher').inputValue()).resolves.toBe(studioPath.split('/')[2]);

    await page.getByLabel('Game name').fill(gameName);
    await page.getByRole('button', { name: 'Create game' }).click();
    // Creating a game leads on to its clients: the next step is a key.
    await page.waitForURL(/\/games\/[0-9a-f-]+\/clients$/);
    gamePath = new URL(page.url()).pathname.replace(/\/clients$/, '');
    await page.getByRole('link', { name: studioName }).click();
    await page.getByRole('link', { name: gameName, exact: true }).waitFor();
    await screenshot(page, '02-studio-games');
  });

  it('archives a second game and restores it, saying that its old keys stay revoked', async () => {
    await page.getByLabel('Game name').fill('Old Prototype');
    await page.getByRole('button', { name: 'Create game' }).click();
    await page.waitForURL(/\/games\/[0-9a-f-]+\/clients$/);
    await page.getByRole('link', { name: studioName }).click();
    await page.getByRole('button', { name: 'Archive Old Prototype' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive game' }).click();
    // Archived games leave the list until "Show archived" asks for them.
    await page.getByRole('link', { name: 'Old Prototype' }).waitFor({ state: 'detached' });
    await page.getByLabel('Show archived').check();
    const row = page.locator('tr', { hasText: 'Old Prototype' });
    await row.getByText('Archived').waitFor();

    await row.getByRole('button', { name: 'Restore Old Prototype' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore Old Prototype?' });
    await dialog.getByText('Its old API keys stay revoked').waitFor();
    await screenshot(page, '02b-restore-game');
    await dialog.getByRole('button', { name: 'Restore game' }).click();
    await page.getByText('Old Prototype is restored.').waitFor();
    await row.getByText('Active').waitFor();
    await page.getByLabel('Show archived').uncheck();
    await page.getByRole('link', { name: 'Old Prototype' }).waitFor();
  });

  it('registers a game client and shows its new API key once, with snippets filled in', async () => {
    await page.goto(`${platform.portalUrl}${gamePath}/clients`);
    await page.getByLabel('Client name').fill('Steam build');
    await page.getByLabel('Platform').selectOption('UNITY');
    await page.getByRole('button', { name: 'Register client' }).click();
    await page.getByRole('heading', { name: /Steam build/ }).waitFor();

    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByLabel('Key name').fill('Release key');
    await page.getByRole('button', { name: 'Create key' }).click();
    apiKey = await page.getByTestId('secret-value').inputValue();
    expect(apiKey).toMatch(/^gtk_/);
    await page.getByText('you will not see this again').waitFor();
    // The Unity snippet (the client's platform) carries this run's endpoint and the key itself.
    const snippet = await page.getByRole('tabpanel').locator('code').innerText();
    expect(snippet).toContain(apiKey);
    expect(snippet).toContain(platform.urls.ingestion);
    await page.getByRole('tab', { name: 'Web' }).click();
    await expect(page.getByRole('tabpanel').locator('code').innerText()).resolves.toContain(apiKey);
    await screenshot(page, '03-api-key-created');

    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByTestId('secret-value').count()).resolves.toBe(0);
    const row = page.locator('tr', { hasText: 'Release key' });
    await row.getByText('Active').waitFor();
    await row.getByText('Never').waitFor();
  });

  it('shows how to send a first event, then the events sent with the SDK within seconds', async () => {
    await page.goto(`${platform.portalUrl}${gamePath}`);
    await page.getByText('No events yet: here is how to send one').waitFor();
    await screenshot(page, '04-dashboard-waiting');

    const sent = await playSessions(platform.urls.ingestion, apiKey, {
      players: 3,
      playerPrefix: `p-${run}`,
    });
    expect(sent).toMatchObject({ rejected: 0, remaining: 0 });
    expect(sent.sent).toBeGreaterThan(0);

    const started = Date.now();
    // The dashboard refreshes by itself while it waits for the first events: no reload.
    await waitFor(
      async () =>
        (await page.getByTestId('stat-events-today').locator('dd').first().innerText()) === String(sent.sent),
      { timeoutMs: 30_000, intervalMs: 250, message: `"Events today" to show ${sent.sent}` },
    );
    await page.locator('[data-testid="chart-events"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="chart-top-events"]').getByText('Boss:Defeated').waitFor();
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    await expect(page.getByTestId('stat-dau').locator('dd').first().innerText()).resolves.toBe('3');
    await expect(page.getByText('No events yet').count()).resolves.toBe(0);
    await screenshot(page, '05-dashboard');

    // Another range: the URL keeps it, the charts follow.
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForURL(/range=7d/);
    await page.getByText('per hour').first().waitFor();
    // 90 days: the BFF's LAST_90_DAYS preset, bucketed per day. It starts before metrics' raw
    // retention (35 days), which metrics answers from its rollups: every series, progression and
    // top events included, comes back without an error.
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await page.waitForURL(/range=90d/);
    await page.getByText('per day').first().waitFor();
    await page.locator('[data-testid="chart-events"][data-state="ready"]').waitFor();
    await page.locator('[data-testid="chart-top-events"]').getByText('Boss:Defeated').waitFor();
    await expect(page.getByText('The summary could not load').count()).resolves.toBe(0);
    const failed = await page
      .locator('[data-state="error"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(failed).toEqual([]);
    await screenshot(page, '05b-dashboard-90-days');
  });

  it('alerts when a "players reached" rule fires: history with delivery status, and the email', async () => {
    await page.goto(`${platform.portalUrl}${gamePath}/alerts`);
    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Rule name').fill('Five players');
    // The form checks before sending: a threshold is required.
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.getByText('Threshold is required.').waitFor();
    await dialog.getByLabel('Unique players', { exact: true }).fill('5');
    await dialog.getByLabel('Email recipients').fill(alertRecipient);
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="alert-rules"] tr', { hasText: 'Five players' }).waitFor();

    // Alerting picks rules up within RULES_POLL_MS; then push past the threshold.
    await new Promise((r) => setTimeout(r, 1500));
    const more = await playSessions(platform.urls.ingestion, apiKey, {
      players: 4,
      playerPrefix: `q-${run}`,
    });
    expect(more.rejected).toBe(0);

    const email = await mailbox.waitFor((e) => e.to.some((t) => t.address.toLowerCase() === alertRecipient), {
      timeoutMs: 45_000,
      message: `the alert email to ${alertRecipient}`,
    });
    expect(email.subject).toContain('Five players');

    const history = page.getByTestId('alert-history');
    await history.getByText('Five players').waitFor({ timeout: 30_000 });
    await history.getByText('Delivered').waitFor({ timeout: 30_000 });
    await screenshot(page, '06-alerts');
  });

  it('edits and disables a rule', async () => {
    const row = page.locator('[data-testid="alert-rules"] tr', { hasText: 'Five players' });
    await row.getByRole('switch').click();
    await row.getByText('Off').waitFor();
    await row.getByRole('button', { name: 'Edit Five players' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Rule name').fill('Ten players');
    await dialog.getByLabel('Unique players', { exact: true }).fill('10');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page
      .locator('[data-testid="alert-rules"] tr', { hasText: 'Ten players' })
      .getByText('10 unique players')
      .waitFor();
  });

  it('creates a personal access token shown once, which works against the GraphQL API', async () => {
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Name').fill('CI export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('secret-value').inputValue();
    expect(token).toMatch(/^gtp_/);
    await expect(page.getByRole('link', { name: /Open the GraphQL IDE/ }).getAttribute('href')).resolves.toBe(
      '/graphql',
    );
    await screenshot(page, '07-tokens');
    const res = await fetch(`${platform.portalUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    await expect(res.json()).resolves.toEqual({ data: { viewer: { email: developer } } });
  });

  it('shows members with their roles and invites someone by email', async () => {
    await page.goto(`${platform.portalUrl}${studioPath}/settings`);
    await page.getByRole('cell', { name: developer, exact: true }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(`colleague-${run}@studio.example`);
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText('is invited and joins on first sign-in').waitFor();
    await page
      .getByRole('list', { name: 'Pending invitations' })
      .getByText(`colleague-${run}@studio.example`)
      .waitFor();
    await screenshot(page, '08-members');
  });

  it('keeps a developer of another studio from seeing this studio anywhere', async () => {
    const other = await browser.newContext({ viewport });
    const p = await other.newPage();
    p.setDefaultTimeout(20_000);
    await signIn(p, outsider);
    await p.waitForURL(/\/studios$/);
    await p.getByText('You are not in a studio yet').waitFor();
    await p.getByLabel('Studio name').fill(`Other Studio ${run}`);
    await p.getByRole('button', { name: 'Create studio' }).click();
    await p.waitForURL(/\/studios\/[0-9a-f-]+$/);
    // The switcher lists their own studio only (once the studio list has refreshed).
    await waitFor(
      async () =>
        (await p.locator('#studio-switcher option').allInnerTexts()).join('|') === `Other Studio ${run}`,
      { timeoutMs: 10_000, message: 'the switcher to list only the outsider’s studio' },
    );
    await expect(p.getByText(studioName).count()).resolves.toBe(0);

    // Knowing the ids does not help: the studio, its settings and its game are "not found".
    for (const path of [
      studioPath,
      `${studioPath}/settings`,
      gamePath,
      `${gamePath}/clients`,
      `${gamePath}/alerts`,
    ]) {
      await p.goto(`${platform.portalUrl}${path}`);
      await p.getByRole('heading', { name: /does not exist/ }).waitFor();
      await expect(p.getByText(studioName).count()).resolves.toBe(0);
      await expect(p.getByText(gameName).count()).resolves.toBe(0);
    }
    await screenshot(p, '09-other-studio-not-found');
    await other.close();
  });

  it('revokes the key, after which ingestion refuses it', async () => {
    await expect(sendOneEvent(platform.urls.ingestion, apiKey)).resolves.toBe(202);
    await page.goto(`${platform.portalUrl}${gamePath}/clients`);
    await page.getByRole('button', { name: 'Revoke Release key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.locator('tr', { hasText: 'Release key' }).getByText('Revoked').first().waitFor();
    // The last-used time is there now that the key sent events.
    await expect(page.locator('tr', { hasText: 'Release key' }).getByText('Never').count()).resolves.toBe(0);
    await screenshot(page, '10-key-revoked');

    // Within ingestion's key cache time (2 s here) the key stops working.
    const status = await waitFor(
      async () => {
        const s = await sendOneEvent(platform.urls.ingestion, apiKey);
        return s === 401 || s === 403 ? s : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500, message: 'ingestion to refuse the revoked key' },
    );
    expect([401, 403]).toContain(status);
  });

  it('creates a request-signing secret shown once, requires signed requests after a warning, rotates, and ingestion follows', async () => {
    await page.goto(`${platform.portalUrl}${gamePath}/clients`);
    const signing = page.getByTestId('signing');
    const toggle = signing.getByRole('switch', { name: 'Require signed requests' });
    // Nothing to sign with yet: requiring is not offered, and the page says why.
    await expect(toggle.isDisabled()).resolves.toBe(true);
    await signing.getByText('requiring signatures needs an active secret').waitFor();

    await signing.getByRole('button', { name: 'Create secret' }).click();
    const secret = await signing.getByTestId('secret-value').inputValue();
    expect(secret).toMatch(/^gts_[A-Za-z0-9_-]{43}$/);
    await signing.getByText('you will not see this again').waitFor();
    // The Unity option first (a Unity client), then the web SDK's.
    await expect(signing.getByRole('tabpanel').locator('code').innerText()).resolves.toContain(
      `SigningSecret = "${secret}"`,
    );
    await signing.getByRole('tab', { name: 'Web' }).click();
    await expect(signing.getByRole('tabpanel').locator('code').innerText()).resolves.toContain(
      `signingSecret: "${secret}"`,
    );
    await screenshot(page, '10b-signing-secret-created');
    await signing.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByText(secret).count()).resolves.toBe(0);
    const first = signing.locator('tr', { hasText: `${secret.slice(0, 12)}…` });
    await first.getByText('Active').waitFor();

    // Requiring asks first: builds without the secret are refused with 401 from then on.
    await toggle.click();
    const dialog = page.getByRole('dialog', { name: /Require signed requests from Steam build/ });
    await dialog.getByText('401').waitFor();
    await dialog.getByRole('button', { name: 'Require signed requests' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Signed requests only').waitFor();
    await expect(toggle.isChecked()).resolves.toBe(true);
    // The only live secret of a client that requires signing cannot be revoked.
    await expect(first.getByRole('button', { name: /Revoke signing secret/ }).isDisabled()).resolves.toBe(
      true,
    );

    // Rotation: a second secret, the first keeps verifying for the grace period (two active).
    await signing.getByRole('button', { name: 'Rotate secret' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await rotate.getByLabel('The current secret keeps verifying for').selectOption('1');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const second = await signing.getByTestId('secret-value').inputValue();
    expect(second).not.toBe(secret);
    await signing.getByRole('button', { name: 'I have copied it' }).click();
    await signing
      .locator('tr', { hasText: `${second.slice(0, 12)}…` })
      .getByText('Active')
      .waitFor();
    await first.getByText(/^in (1 hour|5\d minutes|60 minutes)$/).waitFor();
    await expect(signing.locator('tbody tr').getByText('Active').count()).resolves.toBe(2);

    // Core keeps it: after a reload the policy and both secrets are still there.
    await page.reload();
    await expect(page.getByTestId('signing').getByRole('switch').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('signing').locator('tbody tr').count()).resolves.toBe(2);
    await screenshot(page, '10c-signing-required');

    // Ingestion follows: with a new key of this client, an unsigned request is refused, and a
    // request signed with either live secret (the new one, the one in its grace period) is taken.
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByLabel('Key name').fill('Signed build');
    await page.getByRole('button', { name: 'Create key' }).click();
    const signedKey = await page.getByTestId('secret-value').inputValue();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(sendOneEvent(platform.urls.ingestion, signedKey)).resolves.toBe(401);
    await expect(sendSignedEvent(platform.urls.ingestion, signedKey, second)).resolves.toBe(202);
    await expect(sendSignedEvent(platform.urls.ingestion, signedKey, secret)).resolves.toBe(202);
  });

  it('handles a session that ends while the portal is open: sign in again, then back to the page', async () => {
    await page.goto(`${platform.portalUrl}${gamePath}/clients`);
    await page.getByRole('heading', { name: /Steam build/ }).waitFor();
    // Ended elsewhere ("sign out everywhere" from another device), with this page's own cookie.
    const ended = await page.evaluate(async () => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { signOutEverywhere }' }),
      });
      return (await res.json()) as { data?: { signOutEverywhere: number } };
    });
    expect(ended.data?.signOutEverywhere).toBeGreaterThan(0);
    // The BFF trusts a checked session for up to SESSION_CACHE_SECONDS (3 s by default).
    await new Promise((r) => setTimeout(r, 3500));
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(/\/sign-in\?returnTo=.*alerts.*reason=expired/);
    await page.getByText('Your session has ended').waitFor();
    await screenshot(page, '11-session-ended');
    await page.getByLabel('Email').fill(developer);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(new RegExp(`${gamePath}/alerts$`));
    await page.getByRole('heading', { name: 'Alert rules' }).waitFor();
  });

  it('signs out, and a page needing a session then asks to sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${platform.portalUrl}${gamePath}`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
    await page.getByLabel('Email').waitFor();
  });
});
