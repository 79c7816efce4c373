// Request signing end to end: secrets and the requirement set through core's REST API (a real
// core process with its own database), requests checked by ingestion, events read back from a
// real Kafka topic. Only signed requests of a client that requires signing are stored; a
// rotation keeps both secrets working; turning the requirement off lets unsigned builds in.
import { makeEvent } from '@gt/contracts';
import { waitFor } from '@gt/testing';
import type { ProvisionedKey } from '../../../tools/demo/core-api';
import { signV1 } from '../src/signing/request-signature';
import { CoreProcess, postEvents, startIngestion, TopicRecorder, type RunningIngestion } from './stack';

const KEY_TTL_SECONDS = 1;
let core: CoreProcess;
let topic: TopicRecorder;
let ingestion: RunningIngestion;
let game: ProvisionedKey;

beforeAll(async () => {
  [core, topic] = await Promise.all([CoreProcess.start(), TopicRecorder.create('ingestion_signing_it')]);
  ingestion = await startIngestion({
    CORE_URL: core.url,
    KAFKA_TOPIC: topic.topic,
    KEY_CACHE_TTL_SECONDS: String(KEY_TTL_SECONDS),
    KEY_NEGATIVE_CACHE_TTL_SECONDS: '1',
  });
  game = await core.provisioning.provision('Signing IT', 'unity');
}, 90_000);

afterAll(async () => {
  await ingestion?.close();
  await Promise.all([topic?.close(), core?.close()]);
});

function signedPost(secret: string | null, events: unknown[], t = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify({ events });
  const headers: Record<string, string> = secret
    ? { 'x-signature': `t=${t},v1=${signV1(secret, t, Buffer.from(body))}` }
    : {};
  return postEvents(ingestion.url, game.key, body, headers);
}

/** Waits out ingestion's key cache so that a policy change made in core is seen. */
const afterCache = () => new Promise((r) => setTimeout(r, KEY_TTL_SECONDS * 1000 + 200));

describe('request signing with the real core and Kafka', () => {
  let first: string;

  it('requires signatures once core says so: unsigned and forged requests are refused, signed ones stored', async () => {
    first = await core.provisioning.signingSecret(game, { require: true });
    await afterCache();

    const unsigned = makeEvent('design', { playerId: 'unsigned' });
    const missing = await signedPost(null, [unsigned]);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'SIGNATURE_MISSING' });
    const forged = await signedPost('gts_not-the-secret', [unsigned]);
    expect(forged.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
    const stale = await signedPost(first, [unsigned], Math.floor(Date.now() / 1000) - 600);
    expect(stale.body).toMatchObject({ code: 'SIGNATURE_EXPIRED' });

    const signed = makeEvent('design', { playerId: 'signed' });
    const ok = await signedPost(first, [signed]);
    expect(ok.status).toBe(202);
    const [record] = await topic.waitForIds([signed.eventId]);
    expect(record!.envelope.gameClientId).toBe(game.gameClientId);
    // The secrets never travel with the events.
    expect(JSON.stringify(record!.envelope)).not.toContain(first);
    expect(topic.records.some((r) => r.envelope.event.eventId === unsigned.eventId)).toBe(false);
  });

  it('accepts both secrets during a rotation, and only the new one after the grace period is cut', async () => {
    const second = await core.provisioning.signingSecret(game, { graceHours: 1 });
    await afterCache();
    const byOld = makeEvent('design', { playerId: 'old-build' });
    const byNew = makeEvent('design', { playerId: 'new-build' });
    expect((await signedPost(first, [byOld])).status).toBe(202);
    expect((await signedPost(second, [byNew])).status).toBe(202);
    await topic.waitForIds([byOld.eventId, byNew.eventId]);

    // A third rotation with no grace: only the newest verifies.
    const third = await core.provisioning.signingSecret(game, { graceHours: 0 });
    await afterCache();
    expect((await signedPost(second, [makeEvent('design')])).body).toMatchObject({
      code: 'SIGNATURE_INVALID',
    });
    expect((await signedPost(third, [makeEvent('design')])).status).toBe(202);
  });

  it('lets unsigned builds in again when the requirement is turned off', async () => {
    await core.provisioning.requireSigning(game, false);
    const unsigned = makeEvent('design', { playerId: 'unsigned-again' });
    await waitFor(async () => (await signedPost(null, [unsigned])).status === 202, {
      timeoutMs: 10_000,
      message: 'unsigned requests accepted after the requirement was lifted',
    });
    await topic.waitForIds([unsigned.eventId]);
  });
});
