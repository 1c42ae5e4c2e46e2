"""aiosmtpd handler that receives the whole message and then drops the connection without a final reply.

From the client's side the outcome is unknown: the message was sent but never confirmed.
Usage: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c drop_after_data.Handler
"""


class Handler:
    async def handle_DATA(self, server, session, envelope):
        server.transport.abort()
        return "250 2.0.0 never seen by the client"
