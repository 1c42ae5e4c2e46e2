"""aiosmtpd handler that stores every message's DATA bytes exactly as received, one file per message.

Usage: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c raw_mailbox.Handler OUTPUT_DIR
Files appear atomically (written to a temporary name, then renamed) as OUTPUT_DIR/<n>.eml.
"""
import itertools
import os


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        os.makedirs(directory, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("raw_mailbox.Handler needs an output directory")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        temporary = os.path.join(self.directory, ".%d.tmp" % number)
        with open(temporary, "wb") as output:
            output.write(envelope.content)
        os.rename(temporary, os.path.join(self.directory, "%d.eml" % number))
        return "250 2.0.0 Ok: stored as %d" % number
