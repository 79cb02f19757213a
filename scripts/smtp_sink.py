"""A local SMTP server that accepts every message and keeps only its Message-ID.

`make prod` points production email at it (nothing leaves the machine) and
`make prod-smoke` counts what the workers sent: one line per accepted message,
appended to a file shared by every sender. Built on aiosmtpd, the maintained
asyncio SMTP server."""

import argparse
import re
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class RecordMessageIds:
    def __init__(self, log: Path | None, echo: bool):
        self.log = log.open("ab", buffering=0) if log else None
        self.echo = echo

    async def handle_DATA(self, server, session, envelope) -> str:
        headers = envelope.original_content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(headers)
        message_id = found.group(1) if found else b"<none>"
        recipients = ",".join(envelope.rcpt_tos).encode()
        if self.log:
            # One write per message on an O_APPEND file: lines from concurrent
            # connections never interleave.
            self.log.write(message_id + b" " + recipients + b"\n")
        if self.echo:
            subject = re.search(rb"^Subject:\s*(.*)$", headers, re.IGNORECASE | re.MULTILINE)
            print(
                f"mail to {recipients.decode()}: "
                f"{subject.group(1).decode(errors='replace') if subject else ''}",
                flush=True,
            )
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, help="append '<Message-ID> <recipients>' lines here")
    parser.add_argument("--echo", action="store_true", help="print each message's subject")
    options = parser.parse_args()
    controller = Controller(
        RecordMessageIds(options.log, options.echo),
        hostname="127.0.0.1",
        port=options.port,
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(f"SMTP sink listening on 127.0.0.1:{options.port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
