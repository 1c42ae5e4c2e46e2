"""aiosmtpd handler that refuses on purpose, to test how the sender classifies refusals.

Recipients starting with "reject" get 550 5.1.1, recipients starting with "greylist" get 451 4.7.1, and a
message whose data contains REJECT-THIS-MESSAGE gets 554 5.7.1 after DATA. Everything else is accepted
and discarded.
Usage: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c rejecting.Handler
"""


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("greylist"):
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if b"REJECT-THIS-MESSAGE" in envelope.content:
            return "554 5.7.1 Message rejected as spam"
        return "250 2.0.0 Ok: accepted"
