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
    assert result.stdout.strip() == "RedisCache"

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
