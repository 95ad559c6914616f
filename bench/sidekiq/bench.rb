# The Sidekiq side of bench/run.sh's enqueue phases, written as Sidekiq's docs show it (a worker class,
# perform_async, Sidekiq::Client.push_bulk), on Debian's ruby-sidekiq 6.4.1 and its redis gem. One phase per process:
#   enqueue-serial | enqueue-concurrent | enqueue-bulk   --redis host:port --count N [--warmup W]
# Each phase prints one line: RESULT {json}. With --warmup W, the phase first runs W jobs the same way, untimed, as the
# TypedTasks and BullMQ harnesses do; "jobs" and "seconds" then cover the N timed jobs only.
# Sidekiq 6.4 pushes a job with SADD queues + LPUSH queue:<name> in one pipelined round trip, and a bulk of jobs with one
# SADD and one LPUSH of all of them.
require "json"
require "sidekiq"

def option(name, fallback)
  i = ARGV.index(name)
  i && ARGV[i + 1] ? ARGV[i + 1] : fallback
end

phase = ARGV.first
redis = option("--redis", "127.0.0.1:6379")
count = Integer(option("--count", "100000"))
warmup = Integer(option("--warmup", "0"))
IN_FLIGHT = 64
BATCH = 1000

# One connection per thread of the concurrent phase, as Sidekiq sizes its pool to its concurrency.
Sidekiq.configure_client do |config|
  config.redis = { url: "redis://#{redis}/0", size: IN_FLIGHT + 1 }
end
Sidekiq.logger.level = Logger::WARN
# Sidekiq 6.4 calls Redis#sadd, on which redis-rb 4.8 prints a deprecation warning per job (Sidekiq 6.5 moved to
# sadd?); printing it would be most of this client's time.
Redis.silence_deprecations = true

class Noop
  include Sidekiq::Worker

  def perform(stamp); end
end

def clock = Process.clock_gettime(Process::CLOCK_MONOTONIC)

def serially(n)
  n.times { Noop.perform_async(0) }
end

# IN_FLIGHT threads take jobs from a shared counter until n are enqueued (Ruby threads overlap their Redis waits).
def concurrently(n)
  next_job = 0
  lock = Mutex.new
  threads = Array.new(IN_FLIGHT) do
    Thread.new do
      loop do
        mine = lock.synchronize { next_job += 1 }
        break if mine > n
        Noop.perform_async(0)
      end
    end
  end
  threads.each(&:join)
end

def in_bulk(n)
  (0...n).step(BATCH) do |done|
    size = [BATCH, n - done].min
    Sidekiq::Client.push_bulk("class" => Noop, "args" => Array.new(size) { [0] })
  end
end

run = { "enqueue-serial" => method(:serially), "enqueue-concurrent" => method(:concurrently),
        "enqueue-bulk" => method(:in_bulk) }.fetch(phase) { abort "Unknown phase '#{phase}'." }
Sidekiq.redis { |conn| conn.ping }
run.call(warmup)
started = clock
run.call(count)
seconds = clock - started
result = { jobs: count, seconds: seconds, warmup: warmup }
result[:in_flight] = IN_FLIGHT if phase == "enqueue-concurrent"
result[:batch] = BATCH if phase == "enqueue-bulk"
puts "RESULT #{JSON.generate(result)}"
