# What enqueueMany.lua costs Redis per job at another revision and in this tree, on one redis-server, with no client
# of ours in the way (the redis gem comes with ruby-sidekiq): alternating rounds, each from an empty database, the
# order swapped every round, each storing 10 000 new jobs with 109-byte envelopes in calls of PER jobs; Redis's own
# CPU (INFO cpu) and EVALSHA's usec (INFO commandstats) per job. Use a redis-server of your own: it is flushed.
#   ruby bench/enqueue-script-ab.rb PORT REV [ROUNDS] [PER]    (REV: a commit whose script takes 7 values per job)
require "redis"
require "securerandom"

port, rev = Integer(ARGV.fetch(0)), ARGV.fetch(1)
rounds, per = Integer(ARGV[2] || 10), Integer(ARGV[3] || 100)
scripts = File.expand_path("../src/TypedTasks.Redis/Scripts", __dir__)
r = Redis.new(port: port)
at_rev = ->(f) { `git -C #{scripts} show #{rev}:./#{f}` }
sha = {
  rev => r.script(:load, at_rev.("lib.lua") + "\n" + at_rev.("enqueueMany.lua")),
  "tree" => r.script(:load, File.read("#{scripts}/lib.lua") + "\n" + File.read("#{scripts}/enqueueMany.lua")),
}
keys = ["", "pending", "active", "leases", "scheduled", "retry", "dead", "completed", "meta", "waiters"].map { |s| "ab:{q}:" + s }
envelope = "e" * 109
args = {
  rev => ->(ids) { [ids.size] + ids.flat_map { |id| [id, envelope, "bench.noop", 0, "", 0, 0] } },
  "tree" => ->(ids) { [ids.size, 1, "bench.noop", 0, 0, 0] + ids.flat_map { |id| [id, envelope] } },
}
cpu = -> { i = r.info("cpu"); i["used_cpu_user"].to_f + i["used_cpu_sys"].to_f }
totals = Hash.new { |h, k| h[k] = [0.0, 0.0, 0] }
rounds.times do |round|
  (round.even? ? [rev, "tree"] : ["tree", rev]).each do |v|
    r.flushall
    r.config(:resetstat)
    before = cpu.()
    (10_000 / per).times { r.evalsha(sha[v], keys: keys, argv: args[v].(Array.new(per) { SecureRandom.uuid })) }
    totals[v][0] += (cpu.() - before) * 1e6
    totals[v][1] += r.info("commandstats")["evalsha"]["usec"].to_f
    totals[v][2] += 10_000 / per * per
  end
end
totals.each { |v, (c, us, n)| printf("%-8s %4d jobs per call: Redis CPU %.2f us per job, EVALSHA %.2f us per job (%d jobs)\n", v, per, c / n, us / n, n) }
