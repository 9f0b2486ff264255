"""Real servers the reminder tests deliver to: an SMTP server (aiosmtpd) and a work-group robot (http.server).

with MailServer() as mail:            mail.port; mail.messages → [email.message.EmailMessage]
with WorkGroupRobot() as robot:       robot.url; robot.posts → [(path, JSON)]; robot.answer = "ok" | …
"""

import email
import email.policy
import json
from http.server import BaseHTTPRequestHandler

from aiosmtpd.controller import Controller

from tests.hostile.servers import BackgroundHTTPServer, free_port


class MailServer:
    """An SMTP server on loopback that keeps every message it accepts."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        # aiosmtpd's controller connects to its own port to check it is up, so it needs a real one, not 0.
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WorkGroupRobot(BackgroundHTTPServer):
    """A stand-in for DingTalk's group robot: records each posted JSON body and answers as told.

    `answer`: "ok" ({"errcode": 0}), "error" (HTTP 500) or "refuse" (200 with a non-zero errcode)."""

    def __init__(self):
        self.posts: list[tuple[str, dict]] = []
        self.answer = "ok"
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if robot.answer == "error":
                    self.send_response(500)
                    self.end_headers()
                    return
                robot.posts.append((self.path, json.loads(body.decode("utf-8"))))
                answer = {"errcode": 0, "errmsg": "ok"}
                if robot.answer == "refuse":
                    answer = {"errcode": 310000, "errmsg": "keywords not in content"}
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        super().__init__(Handler)
        self.url = f"{self.address}/robot/send?access_token=test-token"
