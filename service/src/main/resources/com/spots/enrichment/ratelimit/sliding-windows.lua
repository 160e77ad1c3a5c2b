-- Checks and records the sliding windows of one API key atomically, on the Redis server's clock.
-- KEYS[i]: the state of window i (all keys carry the API key id as hash tag, so they live in one slot).
-- ARGV[3i-2], ARGV[3i-1], ARGV[3i]: window i's limit, length (µs), bucket width (µs; 0 = exact log).
-- The request is recorded in every window when every window admits it, in none otherwise.
-- Returns { admitted (1/0), now (µs), then per window: used, release_at, clear_at, retry_at } where
--   used       requests counted in the window (including this one when admitted)
--   release_at when the oldest counted request stops counting (0: nothing counted)
--   clear_at   when the newest counted request stops counting (0: nothing counted)
--   retry_at   when fewer than `limit` requests will be counted (0: already fewer)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local windows = {}
local admit = true

-- Exact log: a sorted set, one member per admitted request scored by its time (µs); a request counts
-- while its score > now - length.
local function log_count(w)
  redis.call('ZREMRANGEBYSCORE', w.key, '-inf', now - w.length)
  w.used = redis.call('ZCARD', w.key)
end

local function log_record(w)
  local member = string.format('%d', now)
  local suffix = 0
  while redis.call('ZADD', w.key, 'NX', now, member) == 0 do
    suffix = suffix + 1
    member = string.format('%d-%d', now, suffix)
  end
  redis.call('PEXPIRE', w.key, math.ceil(w.length / 1000))
  w.used = w.used + 1
  w.recorded = true
end

local function log_times(w)
  if w.used == 0 then return end
  w.release = tonumber(redis.call('ZRANGE', w.key, 0, 0, 'WITHSCORES')[2]) + w.length
  if w.recorded then
    w.clear = now + w.length
  else
    w.clear = tonumber(redis.call('ZRANGE', w.key, -1, -1, 'WITHSCORES')[2]) + w.length
  end
  if w.used >= w.limit then
    local nth = w.used - w.limit
    w.retry = tonumber(redis.call('ZRANGE', w.key, nth, nth, 'WITHSCORES')[2]) + w.length
  end
end

-- Buckets: a hash, field = bucket index (time / width), value = requests admitted in that bucket, plus three
-- bookkeeping fields kept by this script alone: 'n' the sum of the stored buckets, 'o' the oldest stored index,
-- 'l' the newest. A bucket counts whole while any part of it lies in (now - length, now], i.e. until
-- (index + 1) * width + length: it may count requests up to one width older than the window, never fewer than the
-- window holds. The running sum keeps a decision O(1): buckets are read only when the oldest leaves the window
-- (at most once per width) or when the window is full (to compute the retry time).
local function indexes(from, to)
  local fields = {}
  for index = from, to do fields[#fields + 1] = string.format('%d', index) end
  return fields
end

local function buckets_count(w)
  local first = math.floor((now - w.length) / w.width)
  -- the bucket a request now falls in, read along with the bookkeeping so that recording it is a single HSET
  w.index = math.floor(now / w.width)
  w.field = string.format('%d', w.index)
  local state = redis.call('HMGET', w.key, 'n', 'o', 'l', w.field)
  w.used = tonumber(state[1]) or 0
  w.oldest = tonumber(state[2])
  w.newest = tonumber(state[3])
  w.current = tonumber(state[4]) or 0
  if w.oldest == nil or w.oldest >= first then return end
  if w.newest == nil or w.newest < first then
    redis.call('DEL', w.key)
    w.used, w.oldest, w.newest, w.current = 0, nil, nil, 0
    return
  end
  -- every stored bucket was in the window when written, so oldest .. newest spans at most buckets + 1 indexes
  local stale = indexes(w.oldest, first - 1)
  local counts = redis.call('HMGET', w.key, unpack(stale))
  for j = 1, #counts do w.used = w.used - (tonumber(counts[j]) or 0) end
  redis.call('HDEL', w.key, unpack(stale))
  local kept = redis.call('HMGET', w.key, unpack(indexes(first, w.newest)))
  w.oldest = nil
  for j = 1, #kept do
    if kept[j] then w.oldest = first + j - 1; break end
  end
  if w.oldest == nil then w.oldest = w.newest end
  redis.call('HSET', w.key, 'n', w.used, 'o', w.oldest)
end

local function buckets_record(w)
  local index = w.index
  local opens_bucket = w.newest == nil or index > w.newest
  if w.oldest == nil or index < w.oldest then w.oldest = index end
  if opens_bucket then w.newest = index end
  w.used = w.used + 1
  redis.call('HSET', w.key, w.field, w.current + 1, 'n', w.used, 'o', w.oldest, 'l', w.newest)
  -- The newest bucket counts longest, until (newest + 1) * width + length, and an expiry set when it is opened
  -- outlives that: later requests in the same bucket need not extend it (no PEXPIRE on almost every request).
  if opens_bucket then redis.call('PEXPIRE', w.key, math.ceil((w.length + w.width) / 1000)) end
end

local function buckets_times(w)
  if w.oldest == nil or w.used == 0 then return end
  w.release = (w.oldest + 1) * w.width + w.length
  w.clear = (w.newest + 1) * w.width + w.length
  if w.used >= w.limit then
    local counts = redis.call('HMGET', w.key, unpack(indexes(w.oldest, w.newest)))
    local left = w.used
    for j = 1, #counts do
      left = left - (tonumber(counts[j]) or 0)
      if left < w.limit then
        w.retry = (w.oldest + j) * w.width + w.length
        break
      end
    end
  end
end

for i = 1, #KEYS do
  local base = 3 * i - 2
  local w = { key = KEYS[i], limit = tonumber(ARGV[base]), length = tonumber(ARGV[base + 1]),
              width = tonumber(ARGV[base + 2]), used = 0, release = 0, clear = 0, retry = 0 }
  if w.width == 0 then log_count(w) else buckets_count(w) end
  if w.used >= w.limit then admit = false end
  windows[i] = w
end

if admit then
  for i = 1, #windows do
    local w = windows[i]
    if w.width == 0 then log_record(w) else buckets_record(w) end
  end
end

local result = { admit and 1 or 0, now }
for i = 1, #windows do
  local w = windows[i]
  if w.width == 0 then log_times(w) else buckets_times(w) end
  result[#result + 1] = w.used
  result[#result + 1] = w.release
  result[#result + 1] = w.clear
  result[#result + 1] = w.retry
end
return result
