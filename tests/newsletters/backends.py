"""A locmem email backend that can refuse addresses or 'crash' the process on cue."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends import locmem


class SimulatedCrash(BaseException):  # noqa: N818 - stands in for the process dying
    """Like a killed worker: not an Exception, so nothing in the sender catches it."""


class FlakyBackend(locmem.EmailBackend):
    refuse = set()  # addresses the "server" refuses
    crash_after_handoff = None  # crash right after the Nth message reached the server
    crash_before_handoff = None  # crash while handing over the Nth message
    handed_over = 0

    @classmethod
    def reset(cls):
        cls.refuse = set()
        cls.crash_after_handoff = None
        cls.crash_before_handoff = None
        cls.handed_over = 0

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] in self.refuse:
                raise SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
            cls = type(self)
            if cls.crash_before_handoff == cls.handed_over + 1:
                raise SimulatedCrash
            super().send_messages([message])
            cls.handed_over += 1
            if cls.crash_after_handoff == cls.handed_over:
                raise SimulatedCrash
        return len(messages)
