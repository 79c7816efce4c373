// The counting script: one atomic step per chunk of events that updates every counter,
// detects threshold crossings, claims each firing and queues its email in the outbox.
// Because Redis runs a script to completion and logs its effects to the AOF as one unit, a
// firing can never be claimed without its outbox entry, nor counted without being evaluated.
//
// Keys (P = REDIS_KEY_PREFIX):
//   P pl:<game>                          SET   distinct player ids, all time, exact up to the plan's cap
//   P w:<game>:<w>:<selector>:<start>    SET   16-byte event ids counted in one tumbling window (dedup + exact count)
//   P wp:<game>:<w>:<start>              HLL   distinct players in one window (shown in the email; not used to fire)
//   P claim:<firingKey>                  STR   the firing is taken; players claims live forever, window claims until the window can no longer count
//   P last:<rule>                        STR   event time (ms) of the rule's last windowed firing, for the cool-down
//   P rules                              HASH  rule id -> rule JSON (written by the rules sync; copied into the outbox entry)
//   P ob:<firingKey>                     HASH  outbox entry (firing JSON, rule snapshot, attempts...)
//   P ob:due                             ZSET  firingKey -> when the outbox should next try it (ms)
//
// The caller groups the chunk by key (CountersRepository.count), so each counter costs a
// few calls per chunk (SCARD, SMISMEMBER, SADD) instead of one or two per event: redis.call
// and its AOF record are what a script spends most on. Crossings stay exact because the
// script walks each group's new members in event order, counting one at a time.
//
// ARGV: prefix, nowMs, graceMs, playersFloor, plans JSON ({ gameId: GamePlan }), skip JSON
// ({ firingKey: true } players firings the caller knows are claimed), then three sections:
//   HLL      count, then per group: key suffix "<game>:<w>:<start>", expireAtMs or '' (already set), n, n player ids
//   players  count, then per game:  gameId, n, then n x (playerId, eventId 16 bytes, timestamp ms)
//   windows  count, then per group: gameId, index in plan.ws (1-based), window start ms, n, then n x (eventId, timestamp)
// Returns { fired firing keys, players firings found already claimed }.
export const COUNT_EVENTS_LUA = `
local p = ARGV[1]
local now = tonumber(ARGV[2])
local grace = tonumber(ARGV[3])
local floor = tonumber(ARGV[4])
local plans = cjson.decode(ARGV[5])
local skip = cjson.decode(ARGV[6])
local fired = {}
local known = {}
local i = 7

-- The event id travels as 16 bytes (that is what the dedup sets store); text only for a firing.
local function uuidText(b)
  local h = string.gsub(b, '.', function(c) return string.format('%02x', string.byte(c)) end)
  return string.sub(h, 1, 8) .. '-' .. string.sub(h, 9, 12) .. '-' .. string.sub(h, 13, 16) .. '-' ..
    string.sub(h, 17, 20) .. '-' .. string.sub(h, 21, 32)
end

local function enqueue(firingKey, ruleId, firing)
  local rule = redis.call('HGET', p .. 'rules', ruleId)
  redis.call('HSET', p .. 'ob:' .. firingKey, 'firing', cjson.encode(firing), 'rule', rule or '', 'attempts', 0)
  redis.call('ZADD', p .. 'ob:due', now, firingKey)
  fired[#fired + 1] = firingKey
end

local function firePlayers(gid, r, observed, eid, ts)
  local fk = r[1] .. ':players:' .. r[2]
  if skip[fk] then return end
  if redis.call('SET', p .. 'claim:' .. fk, now, 'NX') then
    local eventId = nil
    if eid then eventId = uuidText(eid) end
    enqueue(fk, r[1], { firingKey = fk, ruleId = r[1], gameId = gid, kind = 'players_reached', threshold = r[2],
      observed = observed, firedAt = now, eventId = eventId, eventAt = ts })
  else
    known[#known + 1] = fk
  end
end

local function fireWindow(gid, s, r, startMs, endMs, c, eid, ts)
  local cooldown = r[3] * 1000
  local lastKey = p .. 'last:' .. r[1]
  local last = tonumber(redis.call('GET', lastKey) or '')
  -- The cool-down runs on event time, so a replay decides exactly as the first pass did.
  if last and cooldown > 0 and ts < last + cooldown then return end
  local fk = r[1] .. ':w' .. s[1] .. ':' .. (startMs / 1000)
  if redis.call('SET', p .. 'claim:' .. fk, now, 'NX', 'PXAT', endMs + grace) then
    if not last or ts > last then
      redis.call('SET', lastKey, ts, 'PX', math.max(cooldown, s[1] * 1000) + grace)
    end
    enqueue(fk, r[1], { firingKey = fk, ruleId = r[1], gameId = gid, kind = 'event_count', threshold = r[2],
      observed = c, firedAt = now, eventId = uuidText(eid), eventAt = ts, windowStart = startMs, windowSeconds = s[1],
      windowPlayers = redis.call('PFCOUNT', p .. 'wp:' .. gid .. ':' .. s[1] .. ':' .. (startMs / 1000)) })
  end
end

-- Adds the members not yet in the set (up to the cap), in order, and calls onNew(position,
-- count after it) for each: every count value is reached by exactly one member.
local function addNew(key, members, cap, onNew)
  local count = redis.call('SCARD', key)
  if count >= cap or #members == 0 then return count, count end
  local present = redis.call('SMISMEMBER', key, unpack(members))
  local accepted = {}
  local before = count
  for e = 1, #members do
    if present[e] == 0 and count < cap then
      accepted[#accepted + 1] = members[e]
      count = count + 1
      onNew(e, count)
    end
  end
  if #accepted > 0 then redis.call('SADD', key, unpack(accepted)) end
  return before, count
end

-- Window players first, so a window firing below reports them.
local nh = tonumber(ARGV[i]); i = i + 1
for _ = 1, nh do
  local key, expireAt, n = p .. 'wp:' .. ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  redis.call('PFADD', key, unpack(ARGV, i, i + n - 1))
  if expireAt ~= '' then redis.call('PEXPIREAT', key, expireAt) end
  i = i + n
end

-- All-time distinct players. SADD is idempotent, so replays cannot inflate the count.
local np = tonumber(ARGV[i]); i = i + 1
for _ = 1, np do
  local gid, n = ARGV[i], tonumber(ARGV[i + 1])
  local base = i + 2
  i = base + n * 3
  local plan = plans[gid]
  local cap = floor
  if plan then cap = plan.pc end
  local pids = {}
  for e = 1, n do pids[e] = ARGV[base + (e - 1) * 3] end
  local _, count = addNew(p .. 'pl:' .. gid, pids, cap, function(e, c)
    if plan then
      for _, r in ipairs(plan.pr) do
        if r[2] == c then
          local at = base + (e - 1) * 3
          firePlayers(gid, r, c, ARGV[at + 1], tonumber(ARGV[at + 2]))
        end
      end
    end
  end)
  -- A players rule created (or lowered) after its game passed the threshold fires now, with
  -- the count at this moment; the caller stops asking once it knows the claim exists.
  if plan then
    for _, r in ipairs(plan.pr) do
      if count >= r[2] then firePlayers(gid, r, count, nil, nil) end
    end
  end
end

-- Windowed event counts, deduplicated by event id.
local nw = tonumber(ARGV[i]); i = i + 1
for _ = 1, nw do
  local gid, si, startMs, n = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  local base = i + 4
  i = base + n * 2
  local s = plans[gid].ws[si]
  local endMs = startMs + s[1] * 1000
  local key = p .. 'w:' .. gid .. ':' .. s[1] .. ':' .. s[2] .. ':' .. (startMs / 1000)
  local eids = {}
  for e = 1, n do eids[e] = ARGV[base + (e - 1) * 2] end
  local before = addNew(key, eids, s[3], function(e, c)
    for _, r in ipairs(s[4]) do
      if r[2] == c then fireWindow(gid, s, r, startMs, endMs, c, eids[e], tonumber(ARGV[base + (e - 1) * 2 + 1])) end
    end
  end)
  if before == 0 then redis.call('PEXPIREAT', key, endMs + grace) end
end

return { fired, known }
`;
