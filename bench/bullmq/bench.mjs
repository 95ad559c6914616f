// The BullMQ side of bench/run.sh, written as the BullMQ docs show (Queue.add / addBulk, Worker with a
// concurrency option, a `delay` option for scheduled jobs). One phase per process, like the TypedTasks harness:
//   enqueue-serial | enqueue-concurrent | enqueue-bulk | prefill   --count N [--warmup W]
//   drain --count N --concurrency C [--warmup W]   (the queue was prefilled with N + W jobs)
//   latency --count M [--warmup W]
//   scheduled --count M --delay-ms 2000 [--warmup W]
// Each phase prints one line: RESULT {json}. With --warmup W, a throughput phase first runs W jobs the same way,
// untimed (V8 optimizes the hot code, as the .NET JIT tiers it up on the TypedTasks side); "jobs" and "seconds" then
// cover the N timed jobs only.
// Completed jobs are removed (removeOnComplete: true), as the docs advise for production and as TypedTasks does by
// default, so both sides do the same work per job.
import { Queue, Worker } from 'bullmq';

const [phase, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 && i + 1 < rest.length ? rest[i + 1] : fallback;
};
const [host, port] = option('--redis', '127.0.0.1:6379').split(':');
const count = Number(option('--count', '100000'));
const concurrency = Number(option('--concurrency', '10'));
const delayMs = Number(option('--delay-ms', '2000'));
const warmup = Number(option('--warmup', '0'));
const connection = { host, port: Number(port) };
const queueName = 'default';
const jobOptions = { removeOnComplete: true, removeOnFail: true };

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (values) => console.log('RESULT ' + JSON.stringify(values));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

const queue = new Queue(queueName, { connection, defaultJobOptions: jobOptions });
await queue.waitUntilReady();

async function schedule(n, delay, spreadMs) {
  const started = now();
  for (let i = 0; i < n; i++) {
    await queue.add('noop', { stamp: 0 }, { delay });
    const pace = ((i + 1) * spreadMs) / n - (now() - started);
    if (pace > 0) await sleep(pace);
  }
}

async function concurrently(n, inFlight) {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next++ < n) await queue.add('noop', { stamp: 0 });
  }));
}

async function bulk(n) {
  for (let done = 0; done < n; done += 1000) {
    const jobs = [];
    for (let i = 0; i < Math.min(1000, n - done); i++) jobs.push({ name: 'noop', data: { stamp: 0 } });
    await queue.addBulk(jobs);
  }
}

switch (phase) {
  case 'enqueue-serial': {
    for (let i = 0; i < warmup; i++) await queue.add('noop', { stamp: 0 });
    const started = now();
    for (let i = 0; i < count; i++) await queue.add('noop', { stamp: 0 });
    report({ jobs: count, seconds: (now() - started) / 1000, warmup });
    break;
  }
  case 'enqueue-concurrent': {
    const inFlight = 64;
    await concurrently(warmup, inFlight);
    const started = now();
    await concurrently(count, inFlight);
    report({ jobs: count, seconds: (now() - started) / 1000, in_flight: inFlight, warmup });
    break;
  }
  case 'enqueue-bulk': {
    await bulk(warmup);
    const started = now();
    await bulk(count);
    report({ jobs: count, seconds: (now() - started) / 1000, batch: 1000, warmup });
    break;
  }
  case 'prefill': {
    const started = now();
    await bulk(warmup + count);
    report({ jobs: warmup + count, seconds: (now() - started) / 1000, batch: 1000 });
    break;
  }
  case 'drain': {
    // With a warm-up, the clock starts when the last warm-up job completes.
    let done = 0;
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    let started = now();
    const worker = new Worker(queueName, async () => {}, { connection, concurrency });
    worker.on('completed', () => {
      if (++done === warmup && warmup > 0) started = now();
      if (done === warmup + count) finish();
    });
    await finished;
    const seconds = (now() - started) / 1000;
    await worker.close();
    report({ jobs: count, seconds, concurrency, warmup });
    break;
  }
  case 'latency': {
    let started;
    const delays = [];
    const worker = new Worker(queueName, async (job) => {
      delays.push(now() - job.data.stamp);
      started();
    }, { connection, concurrency });
    await worker.waitUntilReady();
    await sleep(500);
    // Warm-up samples are not counted.
    for (let i = 0; i < warmup + count; i++) {
      const next = new Promise((resolve) => { started = resolve; });
      await queue.add('noop', { stamp: now() });
      await next;
      await sleep(2);
      if (i + 1 === warmup) delays.length = 0;
    }
    await worker.close();
    report({ jobs: count, p50_ms: percentile(delays, 50), p99_ms: percentile(delays, 99), max_ms: percentile(delays, 100) });
    break;
  }
  case 'scheduled': {
    const late = [];
    let warmed;
    const warm = new Promise((resolve) => { warmed = resolve; });
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    const worker = new Worker(queueName, async (job) => {
      // BullMQ's own due time: the job's timestamp plus its delay.
      late.push(performance.timeOrigin + now() - (job.timestamp + job.opts.delay));
      if (late.length === warmup) warmed();
      if (late.length === warmup + count) finish();
    }, { connection, concurrency });
    await worker.waitUntilReady();
    await sleep(500);
    // Warm-up jobs are due 200 ms after their enqueue and all start before the measured ones are added.
    if (warmup > 0) {
      await schedule(warmup, 200, warmup);
      await warm;
    }
    // Spread over about a second, so the figure is the scheduler's precision rather than a burst's queueing.
    await schedule(count, delayMs, 1000);
    await finished;
    late.splice(0, warmup);
    await worker.close();
    report({ jobs: count, p50_ms: percentile(late, 50), p99_ms: percentile(late, 99), max_ms: percentile(late, 100) });
    break;
  }
  default:
    throw new Error(`Unknown phase '${phase}'.`);
}
await queue.close();
