"""A small HTTP server on loopback, in a thread, answering what a test tells it."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    # Seconds to wait before answering at all, and after the headers and the first
    # half of the body (a server that stalls mid-answer).
    stall_before: float = 0
    stall_midway: float = 0
    # Seconds between single bytes of the body (a server that trickles).
    trickle: float = 0


class Server:
    """``server.routes[path] = Answer(...)`` (or a function of the handler giving
    one); ``server.url(path)``; ``server.requests`` lists (path, headers)."""

    def __init__(self):
        self.routes: dict[str, Answer | Callable] = {}
        self.requests: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                outer.requests.append((self.path, dict(self.headers)))
                answer = outer.routes.get(self.path.split("?")[0], Answer(404))
                if callable(answer):
                    answer = answer(self)
                time.sleep(answer.stall_before)
                try:
                    self.send_response(answer.status)
                    headers = {"Content-Length": str(len(answer.body))}
                    headers |= answer.headers
                    for name, value in headers.items():
                        if value is not None:  # None: leave the header out
                            self.send_header(name, value)
                    self.end_headers()
                    if answer.trickle:
                        for byte in answer.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(answer.trickle)
                        return
                    half = len(answer.body) // 2
                    self.wfile.write(answer.body[:half])
                    self.wfile.flush()
                    time.sleep(answer.stall_midway)
                    self.wfile.write(answer.body[half:])
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
