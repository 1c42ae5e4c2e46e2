"""An SMTP relay that insists on STARTTLS and AUTH (PLAIN or LOGIN), storing messages like raw_mailbox.

Usage: python3 tls_auth_server.py PORT CERT_FILE KEY_FILE USER PASSWORD OUTPUT_DIR
Runs until killed.
"""
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from raw_mailbox import Handler


def main():
    port, cert_file, key_file, user, password, directory = sys.argv[1:]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)

    def authenticate(server, session, envelope, mechanism, auth_data):
        accepted = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=accepted, handled=False)

    controller = Controller(
        Handler(directory),
        hostname="127.0.0.1",
        port=int(port),
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    while True:
        time.sleep(3600)


main()
