"""REDIS_URL: the production settings' shared cache really is Redis.

Needs the Redis server on 127.0.0.1:6379 (CI has it); without it this test fails.
"""

import uuid

import redis
from django.core.cache.backends.redis import RedisSerializer

from tests.test_settings import PRODUCTION_ENV, manage

REDIS_URL = "redis://127.0.0.1:6379/5"


def test_the_production_cache_stores_values_in_redis():
    key = f"ecirkel-cache-test-{uuid.uuid4()}"
    env = {**PRODUCTION_ENV, "REDIS_URL": REDIS_URL}
    code = (
        "from django.core.cache import cache, caches; "
        "print(type(caches['default']).__name__); "
        f"cache.set({key!r}, {{'hälsning': 'hej'}}, 60)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "SharedClientRedisCache"

    # A second client, straight to Redis: the value is there, under Django's key.
    second = redis.Redis.from_url(REDIS_URL)
    try:
        stored = second.get(f":1:{key}")
        assert stored is not None
        assert RedisSerializer().loads(stored) == {"hälsning": "hej"}
        assert 0 < second.ttl(f":1:{key}") <= 60
    finally:
        second.delete(f":1:{key}")
        second.close()


def test_one_redis_client_serves_every_operation():
    """ecirkel.redis_cache: the client is made once per pool, not per operation, and
    every operation still works through it."""
    from ecirkel.redis_cache import SharedClientRedisCache

    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"t-{uuid.uuid4()}"})
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is first
    try:
        cache.set("a", [1, "å"], 60)
        assert cache.add("a", "other", 60) is False
        cache.set_many({"b": 2, "c": 3}, 60)
        assert cache.get_many(["a", "b", "c", "d"]) == {"a": [1, "å"], "b": 2, "c": 3}
        assert cache.incr("b") == 3
        cache.delete_many(["a", "b"])
        assert cache.get("a") is None and cache.get("c") == 3
        assert cache._cache.get_client() is first
    finally:
        cache.delete_many(["a", "b", "c"])
