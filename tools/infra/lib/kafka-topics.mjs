// Kafka readiness and topic provisioning for infra.sh, through the same client the services use
// (kafkajs), so "ready" means what the services need: metadata answers and the topics have leaders.
//   node kafka-topics.mjs ensure [--timeout S] [--pid N]  wait for the broker, create/grow topics
//   node kafka-topics.mjs check                           quick probe of broker and topics: exit 0/1
//   node kafka-topics.mjs probe                           quick probe of the broker alone (is it Kafka?)
// Exit codes: 0 ok, 1 not ready before the timeout, 2 the broker process (--pid) died meanwhile.
import kafkajs from 'kafkajs';
import { loadConfig } from './config.mjs';

const { Kafka, logLevel } = kafkajs;
const cfg = loadConfig();
const args = process.argv.slice(2);
const mode = args[0] ?? 'check';
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const timeoutMs = opt('timeout', mode === 'ensure' ? 60 : 3) * 1000;
const pid = opt('pid', 0);

const wanted = [
  { topic: cfg.topics.events, numPartitions: cfg.kafka.partitions },
  { topic: cfg.topics.deadLetter, numPartitions: cfg.kafka.deadLetterPartitions },
];

// kafkajs retries internally with its own backoff and logs every attempt; we poll ourselves
// with a short interval instead, so a starting broker is noticed within ~300 ms, quietly.
const kafka = new Kafka({
  clientId: 'gt-infra',
  brokers: [`127.0.0.1:${cfg.kafka.port}`],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 5000,
  retry: { retries: 0 },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = (p) => {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
};

async function attempt(create) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    if (mode === 'probe') return null;
    const missing = wanted.filter((w) => !existing.has(w.topic));
    if (missing.length > 0) {
      if (!create) return `missing topics: ${missing.map((m) => m.topic).join(', ')}`;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          timeout: 10000,
          topics: missing.map((m) => ({ ...m, replicationFactor: 1 })),
        });
        console.log(
          `[infra] kafka: created ${missing.map((m) => `${m.topic} (${m.numPartitions})`).join(', ')}`,
        );
      } catch (e) {
        // Another `up` may have created them a moment ago; the metadata check below decides.
        if (e?.type !== 'TOPIC_ALREADY_EXISTS') throw e;
      }
    }
    const meta = await admin.fetchTopicMetadata({ topics: wanted.map((w) => w.topic) });
    for (const w of wanted) {
      const t = meta.topics.find((x) => x.name === w.topic);
      if (!t) return `no metadata for ${w.topic}`;
      if (t.partitions.some((p) => p.leader < 0)) return `${w.topic} has partitions without a leader`;
      if (create && t.partitions.length < w.numPartitions) {
        // Partitions can only grow; a config asking for more gets them, fewer is left alone.
        await admin.createPartitions({ topicPartitions: [{ topic: w.topic, count: w.numPartitions }] });
        console.log(`[infra] kafka: grew ${w.topic} to ${w.numPartitions} partitions`);
      }
    }
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const deadline = Date.now() + timeoutMs;
let last = 'no attempt';
for (;;) {
  const problem = await attempt(mode === 'ensure');
  if (problem === null) process.exit(0);
  last = problem;
  if (pid && !alive(pid)) {
    console.error(`[infra] kafka: broker process ${pid} exited (${last})`);
    process.exit(2);
  }
  if (Date.now() >= deadline) {
    if (mode !== 'check') console.error(`[infra] kafka: last problem: ${last}`);
    process.exit(1);
  }
  await sleep(300);
}
