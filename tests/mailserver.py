"""A real SMTP server for tests (aiosmtpd), and a port where none listens.

``closed_port()`` finds a free port and closes it: connecting there is refused, as when
the mail server is down. ``smtp_server(port)`` then brings a server up on that port which
records every message it accepts (optionally slowly, to kill a worker mid-batch).
"""

import asyncio
import contextlib
import socket
import threading
from collections import Counter
from email import message_from_bytes

from aiosmtpd.controller import Controller


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self, delay=0.0):
        self.delay = delay
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def recipients(self):
        """How many messages each address received."""
        with self.lock:
            return Counter(rcpt for rcpts, _ in self.messages for rcpt in rcpts)

    def parsed(self):
        with self.lock:
            return [message_from_bytes(content) for _, content in self.messages]

    def count(self):
        with self.lock:
            return len(self.messages)


@contextlib.contextmanager
def smtp_server(port, delay=0.0):
    recorder = Recorder(delay)
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()


def body_text(message):
    """The plain-text part of a parsed message."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def point_email_at(settings, port):
    """Send email with Django's SMTP backend to 127.0.0.1:``port`` (no TLS)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
