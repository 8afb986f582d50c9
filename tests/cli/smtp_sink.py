#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every delivered mail, for the reply
tests: each message is written as DIR/N.eml (the DATA bytes as received, dot-unstuffed) with
DIR/N.json ({"mail_from", "rcpt_tos"}). The chosen port is written to DIR/port once it listens.

Usage: smtp_sink.py DIR        (runs until killed)
"""
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + '.json.tmp', 'w') as f:
            json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos}, f)
        with open(base + '.eml', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(base + '.json.tmp', base + '.json')  # the .json says the mail is complete
        return '250 OK kept'


async def main(directory):
    handler = Keep(directory)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, decode_data=False),
                                      '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(directory, 'port.tmp'), 'w') as f:
        f.write(str(port))
    os.rename(os.path.join(directory, 'port.tmp'), os.path.join(directory, 'port'))
    await server.serve_forever()


if __name__ == '__main__':
    asyncio.run(main(sys.argv[1]))
