"""Real servers for the hostile cases that need one: the app itself as the README serves it (gunicorn on a
SQLite file), a reverse proxy in front of the live server, and plain HTTP clients that connect from an
address of their choosing.

The proxy does what the README's nginx lines do: it passes the request on and appends the address of
the connection it received to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`). Clients pick
their source address on the loopback network (127.0.0.2, 127.0.0.3, …), so the app behind the proxy
really sees one connecting address, and the proxy really sees several.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .memory_probe import ROOT

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"}


def free_port() -> int:
    # For servers that must be told their port up front (gunicorn's --bind, aiosmtpd's controller).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornOnSqlite:
    """The app as the README serves it: gunicorn with several workers, on a copy of a migrated SQLite file.

    app = GunicornOnSqlite(migrated_sqlite, tmp_path)
    app.shell(code)        runs `manage.py shell -c code` against the same file → its last printed line
    with app:              the server is up (its login page answers) until the block ends; `app.url`
    """

    def __init__(self, migrated_sqlite: Path, tmp_path: Path, workers: int = 4):
        self.database = tmp_path / "office.sqlite3"
        shutil.copy(migrated_sqlite, self.database)
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "LOG_DIR": str(tmp_path / "logs"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "DEBUG": "1",
            "CONN_MAX_AGE": "0",
        }
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def shell(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().splitlines()[-1]

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "bureau.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            [*command, "--workers", str(self.workers)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if Visitor(self.url).get("/accounts/login/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class BackgroundHTTPServer:
    """An http.server on a free loopback port, answering from a daemon thread inside `with`; `address`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.address = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class ReverseProxy(BackgroundHTTPServer):
    """`with ReverseProxy(live_server.url) as proxy:` … `proxy.url` is where clients connect."""

    def __init__(self, upstream: str):
        parts = urllib.parse.urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        super().__init__(self._handler())
        self.url = self.address

    def _handler(self):
        upstream = self.upstream

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                forwarded = self.headers.get("X-Forwarded-For")
                client = self.client_address[0]
                headers["X-Forwarded-For"] = f"{forwarded}, {client}" if forwarded else client
                headers["X-Forwarded-Proto"] = "http"
                connection = http.client.HTTPConnection(*upstream, timeout=30)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    answer = connection.getresponse()
                    content = answer.read()
                    self.send_response(answer.status)
                    for key, value in answer.getheaders():
                        if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                finally:
                    connection.close()

            do_GET = do_POST = _forward

            def log_message(self, *args):
                pass

        return Handler


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    """A browser-like client (cookies, CSRF token) connecting from `source` (an address on this machine)."""

    def __init__(self, base: str, source: str = "127.0.0.1"):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method, path, fields=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=(self.source, 0))
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        sent = dict(headers or {})
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            text = answer.read().decode(errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return answer.status, text
        finally:
            connection.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, headers=None):
        """GET the page, then POST it with its CSRF token, as a browser submits a form."""
        _status, page = self.get(path)
        match = CSRF_INPUT.search(page)
        token = match[1] if match else self.cookies.get("csrftoken", "")
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields}, headers=headers)
