"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient`` makes a new ``redis.Redis`` for every cache operation,
and redis-py fills a table of about 170 response callbacks in each one: a third of
a millisecond, nine times on a signed-in page (the session, the content version,
the fragments), more than the round trips themselves (profiled, issue 14). A client
shares its pool's connections and is safe to share between threads, so one per pool
is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
